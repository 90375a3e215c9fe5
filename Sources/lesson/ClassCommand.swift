import Foundation
import LessonConsole
import LessonCore
import LessonRunner

/// `lesson class grade SUBMISSIONS [--out DIR] [--jobs N] [--shard K/N]` and
/// `lesson class merge DIR... --out DIR`: a gradebook for a room of learners.
enum ClassCommand {
    static let usage = """
        class grade SUBMISSIONS [--out DIR] [--jobs N] [--shard K/N]
               lesson class merge DIR... --out DIR
        """

    static func run(_ words: [String]) async -> Int32 {
        do {
            guard let verb = words.first else { throw UsageError("usage: lesson \(usage)") }
            switch verb {
            case "grade": return try await grade(Array(words.dropFirst()))
            case "merge": return try merge(Array(words.dropFirst()))
            default: throw UsageError("unknown 'lesson class' command '\(verb)'; usage: lesson \(usage)")
            }
        } catch {
            return CLI.exitCode(for: error)
        }
    }

    /// Grades every learner folder of SUBMISSIONS. Exits 0 once the gradebook is written,
    /// whatever the learners' verdicts (they are in the gradebook); 3 when lesson itself could
    /// not grade some answer (those rows say so, and are graded again next time).
    static func grade(_ words: [String]) async throws -> Int32 {
        let arguments = try Arguments(words, flags: [], options: ["out", "jobs", "shard"])
        guard arguments.positional.count == 1 else {
            throw UsageError("usage: lesson class grade SUBMISSIONS [--out DIR] [--jobs N] [--shard K/N]")
        }
        var options = ClassGrader.Options()
        options.jobs = try arguments.count("jobs", default: ProcessInfo.processInfo.activeProcessorCount)
        if let text = arguments.value("shard") {
            guard let shard = ClassShard(parsing: text) else {
                throw UsageError("--shard needs K/N with 1 ≤ K ≤ N (e.g. 1/4), not '\(text)'")
            }
            options.shard = shard
        }
        return try await ClassGrading.grade(
            submissions: arguments.positional[0], out: arguments.value("out") ?? "gradebook", options: options)
    }

    /// Joins shard gradebooks into one.
    static func merge(_ words: [String]) throws -> Int32 {
        let arguments = try Arguments(words, flags: [], options: ["out"])
        guard !arguments.positional.isEmpty, let out = arguments.value("out") else {
            throw UsageError("usage: lesson class merge DIR... --out DIR")
        }
        return try ClassGrading.merge(arguments.positional, out: out)
    }
}
