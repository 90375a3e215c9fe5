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
        let out = arguments.value("out") ?? "gradebook"
        let session = try Session.open()
        try session.workspace.requireWorkshop()
        let catalog = GraderCatalog(workspace: session.workspace)
        let quizzes = try catalog.quizDirectories().map { try catalog.load($0) }
        guard !quizzes.isEmpty else {
            throw UsageError(
                "the workshop has no quizzes in \(session.workspace.displayPath(session.workspace.quizzesDirectory))")
        }
        let roster = try Roster.scan(arguments.positional[0], quizzes: quizzes)
        for note in roster.notes { writeStandardError("note: \(note)\n") }
        options.rowFinished = { row, done, total, kept in
            let counts = row.total > 0 ? " \(row.passed)/\(row.total)" : ""
            let why = row.status == .pass || row.status == .missing || row.reason.isEmpty ? "" : ": \(row.reason)"
            writeStandardError(
                "[\(done)/\(total)] \(row.learner) \(row.quiz): \(row.status.rawValue)\(counts)"
                    + (kept ? " (kept from an earlier run)" : "") + "\(why)\n")
        }
        let grader = Grader(cache: session.runner.cache, kits: try GraderKits.embedded())
        let outcome = try await ClassGrader(grader: grader, quizzes: quizzes).grade(roster, out: out, options: options)
        let perMinute = outcome.seconds > 0 ? Double(outcome.graded) / outcome.seconds * 60 : 0
        writeStandardOutput(
            ClassSummary.render(outcome.gradebook)
                + "graded \(outcome.graded) answer\(outcome.graded == 1 ? "" : "s") in \(formatSeconds(outcome.seconds))"
                + " (\(Int(perMinute.rounded())) gradings per minute)"
                + (outcome.kept > 0 ? "; kept \(outcome.kept) rows graded by an earlier run" : "")
                + (options.shard.map { "; shard \($0)" } ?? "") + "\n"
                + "wrote \(out)/\(ClassGrader.csvName) and \(out)/\(ClassGrader.jsonName)\n")
        for failure in outcome.toolFailures { CLI.printError(failure) }
        return outcome.toolFailures.isEmpty ? CLI.Exit.passed : CLI.Exit.toolFailure
    }

    /// Joins shard gradebooks into one.
    static func merge(_ words: [String]) throws -> Int32 {
        let arguments = try Arguments(words, flags: [], options: ["out"])
        guard !arguments.positional.isEmpty, let out = arguments.value("out") else {
            throw UsageError("usage: lesson class merge DIR... --out DIR")
        }
        let parts = try arguments.positional.map { directory throws(UsageError) in try ClassGrader.read(directory) }
        let merged: Gradebook
        do {
            merged = try Gradebook.merge(parts, names: arguments.positional)
        } catch {
            throw UsageError(error.description)
        }
        try ClassGrader.write(merged, to: out)
        writeStandardOutput(
            ClassSummary.render(merged) + "merged \(parts.count) gradebook\(parts.count == 1 ? "" : "s"); wrote "
                + "\(out)/\(ClassGrader.csvName) and \(out)/\(ClassGrader.jsonName)\n")
        return CLI.Exit.passed
    }
}
