/// Everything `lesson grade` found out about one answer: whether it compiled, and the
/// outcome of every hidden check.
package struct GradeReport: Sendable, Codable, Hashable {
    /// The overall outcome, as in Exercism's `results.json`.
    package enum Status: String, Sendable, Codable {
        /// Every check passed.
        case pass
        /// At least one check did not pass.
        case fail
        /// The checks could not run: the answer does not compile, or the quiz is broken.
        case error
    }

    /// The quiz directory name, e.g. `04-lazy-connection`.
    package var quiz: String
    /// The quiz's title.
    package var title: String
    /// The answer file, as the learner names it.
    package var answer: String
    package var status: Status
    /// Why the checks could not run (for `.error`), in words for the learner.
    package var message: String
    /// The compiler's verdict on the answer with the checks.
    package var compile: CompileResult?
    /// Warnings the compiler gave about the answer file, formatted with the source line.
    package var warnings: [String]
    /// One result per hidden check, in the quiz's order.
    package var checks: [CheckResult]
    /// Wall time of the whole grading, in seconds.
    package var seconds: Double
    /// The seed the checks drew their inputs from: `lesson grade NN --seed SEED` replays them.
    package var seed: UInt64? = nil

    package init(
        quiz: String, title: String, answer: String, status: Status, message: String = "",
        compile: CompileResult? = nil, warnings: [String] = [], checks: [CheckResult] = [],
        seconds: Double = 0
    ) {
        self.quiz = quiz
        self.title = title
        self.answer = answer
        self.status = status
        self.message = message
        self.compile = compile
        self.warnings = warnings
        self.checks = checks
        self.seconds = seconds
    }

    /// The status that follows from the checks: pass when there is at least one and all pass.
    package static func status(of checks: [CheckResult]) -> Status {
        !checks.isEmpty && checks.allSatisfy(\.passed) ? .pass : .fail
    }

    /// The command that grades again with the same inputs (`lesson grade NN --seed SEED`);
    /// nil when the checks drew no seed. The terminal and the page both show this one.
    package var replayCommand: String? {
        seed.map { "lesson grade \(quiz.prefix { $0.isNumber }) --seed \($0)" }
    }

    /// Number of checks that passed.
    package var passedCount: Int { checks.filter(\.passed).count }
}
