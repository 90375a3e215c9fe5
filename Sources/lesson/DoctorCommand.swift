import LessonConsole
import LessonRunner

/// `lesson doctor`: prints what `Doctor` finds on this machine and the fix for each problem.
/// Exit 0 when all is well, 1 otherwise.
enum DoctorCommand {
    static func run(_ words: [String]) async -> Int32 {
        do {
            let arguments = try Arguments(words, flags: [], options: [])
            guard arguments.positional.isEmpty else { throw UsageError("usage: lesson doctor") }
            let (text, failing) = Doctor.report(await Doctor.findings())
            writeStandardOutput(text)
            return failing == 0 ? CLI.Exit.passed : CLI.Exit.failed
        } catch {
            return CLI.exitCode(for: error)
        }
    }
}
