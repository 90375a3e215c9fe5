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
    /// Runs of checks that failed while the machine held them back and were run again
    /// (`SetAsideRun`); nil when there were none (and in records written before it existed).
    package var setAside: Int? = nil

    /// The record of `report`, made at `gradedAt`.
    package init(_ report: GradeReport, gradedAt: String) {
        quiz = report.quiz
        self.gradedAt = gradedAt
        answer = report.answer
        status = report.status
        passed = report.passedCount
        total = report.checks.count
        let asides = report.checks.reduce(0) { $0 + ($1.setAside?.count ?? 0) }
        setAside = asides == 0 ? nil : asides
    }

    /// `all 6 checks pass`, `2 of 6 checks pass` (the wording of `lesson grade`) or `does not compile`.
    package var progress: String {
        switch status {
        case .pass: "all \(total) check\(total == 1 ? "" : "s") pass"
        case .fail: "\(passed) of \(total) checks pass"
        case .error: total == 0 ? "does not compile" : "error"
        }
    }
}
