/// A grade in Gradescope's autograder `results.json` format: one test per hidden check, worth
/// one point, with its own score, output and visibility; the submission's score is the sum.
/// An answer that could not be graded (it does not compile, grading refused it) scores 0 and
/// says why in the top-level `output`.
package struct GradescopeResults: Sendable, Codable, Hashable {
    /// One test case (one hidden check).
    package struct Test: Sendable, Codable, Hashable {
        package var name: String
        /// `task.check`, for Gradescope's ordering (`1.1`, `1.2`, …).
        package var number: String
        /// 1 when the check passed, else 0.
        package var score: Double
        package var maxScore: Double
        /// `passed` or `failed`.
        package var status: String
        /// What went wrong, the hint and the lesson section to read; for a pass, what the
        /// check looked at (its name) was enough.
        package var output: String
        /// `visible`: a check's name and message never reveal the fix, so learners may see them.
        package var visibility: String

        enum CodingKeys: String, CodingKey {
            case name, number, score, status, output, visibility
            case maxScore = "max_score"
        }
    }

    /// Checks passed.
    package var score: Double
    /// Checks in all.
    package var maxScore: Double
    /// Whole seconds the grading took.
    package var executionTime: Int
    /// The verdict in a sentence, the seed that replays the inputs, or why nothing ran.
    package var output: String
    /// `visible`.
    package var visibility: String = "visible"
    /// What `lesson` printed while grading is for the instructor only.
    package var stdoutVisibility: String = "hidden"
    package var tests: [Test]

    enum CodingKeys: String, CodingKey {
        case score, output, visibility, tests
        case maxScore = "max_score"
        case executionTime = "execution_time"
        case stdoutVisibility = "stdout_visibility"
    }

    /// The Gradescope view of a grade.
    package init(_ report: GradeReport) {
        score = Double(report.passedCount)
        maxScore = Double(report.checks.count)
        executionTime = Int(report.seconds.rounded(.up))
        var perTask: [Int: Int] = [:]
        tests = report.checks.map { check in
            perTask[check.task, default: 0] += 1
            var output = check.passed ? "passed" : check.message
            if !check.passed {
                if !check.hint.isEmpty { output += "\nHint: \(check.hint)" }
                if !check.lesson.isEmpty { output += "\nRead: \(check.lesson)" }
            }
            return Test(
                name: check.name, number: "\(check.task).\(perTask[check.task]!)", score: check.passed ? 1 : 0,
                maxScore: 1, status: check.passed ? "passed" : "failed", output: output, visibility: "visible")
        }
        switch report.status {
        case .error:
            output = report.message
        case .pass, .fail:
            output =
                "\(report.passedCount) of \(report.checks.count) checks pass."
                + (report.seed.map { " Inputs drawn from seed \($0) (lesson grade --seed \($0) replays them)." } ?? "")
        }
    }
}
