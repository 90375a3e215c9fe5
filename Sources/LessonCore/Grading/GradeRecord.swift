/// The last grade of a quiz, kept under `.lesson/grades/` for `lesson quiz` to show progress.
package struct GradeRecord: Sendable, Codable, Hashable {
    /// The quiz directory name.
    package var quiz: String
    /// When it was graded (ISO 8601).
    package var gradedAt: String
    /// The answer file graded.
    package var answer: String
    /// `pass`, `fail` or `error`.
    package var status: GradeReport.Status
    /// Checks that passed.
    package var passed: Int
    /// Checks in all (0 when the answer did not compile).
    package var total: Int

    /// The record of `report`, made at `gradedAt`.
    package init(_ report: GradeReport, gradedAt: String) {
        quiz = report.quiz
        self.gradedAt = gradedAt
        answer = report.answer
        status = report.status
        passed = report.passedCount
        total = report.checks.count
    }

    /// `passed 6/6`, `failing 2/6` (checks failing of all) or `does not compile`.
    package var progress: String {
        switch status {
        case .pass: "passed \(passed)/\(total)"
        case .fail: "failing \(total - passed)/\(total)"
        case .error: total == 0 ? "does not compile" : "error"
        }
    }
}
