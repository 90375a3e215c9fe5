import LessonConsole
import LessonRunner

/// `lesson bless <lesson>`: rewrite `output` and `stderr` blocks from an actual run.
enum BlessCommand {
    static func run(_ words: [String]) async -> Int32 {
        do {
            let arguments = try Arguments(words, flags: [], options: ["jobs"])
            guard arguments.positional.count == 1 else { throw UsageError("bless takes one lesson") }
            let session = try Session.open()
            var options = RunOptions()
            options.jobs = try arguments.count("jobs", default: options.jobs)
            return try await Blessing.bless(arguments.positional[0], session: session, options: options)
        } catch {
            return CLI.exitCode(for: error)
        }
    }
}
