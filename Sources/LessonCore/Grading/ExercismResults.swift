/// A grade in the Exercism test runner's `results.json` format, version 3.
package struct ExercismResults: Sendable, Codable, Hashable {
    /// One test (one hidden check).
    package struct Test: Sendable, Codable, Hashable {
        package var name: String
        /// `pass`, `fail` or `error`.
        package var status: String
        /// What went wrong and a hint, and every run of the test that was set aside; absent
        /// when the test passed at its first run.
        package var message: String?
        /// What the answer printed during the test, at most 500 characters; absent when none.
        package var output: String?
        /// The task the test belongs to.
        package var taskID: Int

        enum CodingKeys: String, CodingKey {
            case name, status, message, output
            case taskID = "task_id"
        }
    }

    /// Always 3.
    package var version: Int = 3
    /// `pass`, `fail` or `error`.
    package var status: String
    /// Why the tests could not run; present only when `status` is `error`.
    package var message: String?
    package var tests: [Test]

    /// The Exercism view of a grade.
    package init(_ report: GradeReport) {
        status = report.status.rawValue
        message = report.status == .error ? report.message : nil
        tests = report.checks.map { check in
            var message: String? = nil
            if !check.passed {
                // A check that was not judged says why, and no hint points at the code.
                let hint = check.advises && !check.hint.isEmpty ? "\nHint: \(check.hint)" : ""
                let read = check.advises && !check.lesson.isEmpty ? "\nRead: \(check.lesson)" : ""
                message =
                    check.message + hint + read
                    + (report.seed.map { "\nSeed: \($0) (lesson grade --seed \($0) replays these inputs)" } ?? "")
            }
            // A run set aside is never hidden: its test says so, passed or not.
            // Nor is an answer that was still running after the verdict (where it was).
            let asides =
                (check.setAside ?? []).map(TerminalReport.describe) + [check.lingered?.answerSummary].compactMap { $0 }
            if !asides.isEmpty {
                message = (message.map { $0 + "\n" } ?? "") + asides.joined(separator: "\n")
            }
            let output = check.output.joined(separator: "\n")
            return Test(
                name: check.name, status: check.status.rawValue, message: message,
                output: output.isEmpty ? nil : Self.capped(output), taskID: check.task)
        }
    }

    /// Exercism shows at most 500 characters of a test's output.
    package static func capped(_ output: String) -> String {
        guard output.count > 500 else { return output }
        let note = "\n[output cut to 500 characters]"
        return String(output.prefix(500 - note.count)) + note
    }
}
