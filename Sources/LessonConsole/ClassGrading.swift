import LessonCore
import LessonRunner

/// `lesson class`'s work: grading a room of learners into a gradebook, and joining shard
/// gradebooks, each with the summary the terminal prints.
package enum ClassGrading {
    /// Grades every learner folder of `submissions` into the gradebook in `out`. Returns 0 once
    /// the gradebook is written, whatever the learners' verdicts (they are in the gradebook); 3
    /// when some answer could not be graded (those rows say so, and are graded again next time).
    package static func grade(submissions: String, out: String, options: ClassGrader.Options) async throws -> Int32 {
        var options = options
        let session = try Session.open()
        try session.workspace.requireWorkshop()
        let catalog = GraderCatalog(workspace: session.workspace)
        let quizzes = try catalog.quizDirectories().map { try catalog.load($0) }
        guard !quizzes.isEmpty else {
            throw UsageError(
                "the workshop has no quizzes in \(session.workspace.displayPath(session.workspace.quizzesDirectory))")
        }
        let roster = try Roster.scan(submissions, quizzes: quizzes)
        for note in roster.notes { writeStandardError("note: \(note)\n") }
        // Every row as a line on standard error; on a terminal, below them, a status line with
        // the count and the time left.
        let status = StatusLine(total: 1, descriptor: 2)
        status.now("grading \(submissions)")
        options.rowFinished = { row, done, total, kept in
            let counts = row.total > 0 ? " \(row.passed)/\(row.total)" : ""
            let why = row.status == .pass || row.status == .missing || row.reason.isEmpty ? "" : ": \(row.reason)"
            status.total(total)
            status.finished()
            status.print(
                "[\(done)/\(total)] \(row.learner) \(row.quiz): \(row.status.rawValue)\(counts)"
                    + (kept ? " (kept from an earlier run)" : "") + "\(why)\n")
        }
        let grader = Grader(cache: session.runner.cache, kits: try GraderKits.embedded())
        let outcome: ClassGrader.Outcome
        do {
            outcome = try await ClassGrader(grader: grader, quizzes: quizzes).grade(roster, out: out, options: options)
            status.clear()
        } catch {
            status.clear()
            throw error
        }
        let perMinute = outcome.seconds > 0 ? Double(outcome.graded) / outcome.seconds * 60 : 0
        writeStandardOutput(
            ClassSummary.render(outcome.gradebook)
                + "graded \(outcome.graded) answer\(outcome.graded == 1 ? "" : "s") in \(formatSeconds(outcome.seconds))"
                + " (\(Int(perMinute.rounded())) gradings per minute)"
                + (outcome.kept > 0 ? "; kept \(outcome.kept) rows graded by an earlier run" : "")
                + (options.shard.map { "; shard \($0)" } ?? "") + "\n"
                + "wrote \(out)/\(ClassGrader.csvName) and \(out)/\(ClassGrader.jsonName)\n")
        for failure in outcome.toolFailures { Console.printError(failure) }
        return outcome.toolFailures.isEmpty ? Console.Exit.passed : Console.Exit.toolFailure
    }

    /// Joins the shard gradebooks in `directories` into one in `out`.
    package static func merge(_ directories: [String], out: String) throws -> Int32 {
        let parts = try directories.map { directory throws(UsageError) in try ClassGrader.read(directory) }
        let merged: Gradebook
        do {
            merged = try Gradebook.merge(parts, names: directories)
        } catch {
            throw UsageError(error.description)
        }
        try ClassGrader.write(merged, to: out)
        writeStandardOutput(
            ClassSummary.render(merged) + "merged \(parts.count) gradebook\(parts.count == 1 ? "" : "s"); wrote "
                + "\(out)/\(ClassGrader.csvName) and \(out)/\(ClassGrader.jsonName)\n")
        return Console.Exit.passed
    }
}
