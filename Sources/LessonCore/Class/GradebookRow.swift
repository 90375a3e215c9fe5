/// One learner × quiz of a class gradebook: what was graded, how, and the verdict of every
/// check. A row that could not be graded (no answer, a refused file, an answer no check
/// could judge) carries a one-line `reason`.
package struct GradebookRow: Sendable, Codable, Hashable {
    /// How a learner did on one quiz.
    package enum Status: String, Sendable, Codable, CaseIterable {
        /// Every check passed.
        case pass
        /// At least one check judged the answer and did not pass.
        case fail
        /// The answer could not be judged: a refused file (not UTF-8, over 1 MiB, a symbolic
        /// link, an odd folder name, an unknown quiz), an answer that does not compile or that
        /// grading refuses, or one that no check could judge (it crashed, hung or was killed
        /// in every check).
        case error
        /// The learner has no answer to this quiz.
        case missing
    }

    /// One check's verdict on this answer.
    package struct Check: Sendable, Codable, Hashable {
        /// The check's name, as the judge lists it.
        package var name: String
        /// `pass`, `fail` or `error`, as `lesson grade` reports it.
        package var status: CheckResult.Status
        /// What went wrong, in words; empty when the check passed.
        package var message: String
        /// The lesson section that teaches what the check looks for.
        package var lesson: String
        /// Each run of this check that failed while the machine held it back and was graded
        /// again, in the words `lesson grade` prints; nil when there was none (and in
        /// gradebooks written before set-asides were recorded).
        package var setAside: [String]?
        /// Why a failed check saw no behaviour to judge (`hung`, `limit`); nil otherwise.
        package var cause: CheckResult.Cause?

        package init(
            name: String, status: CheckResult.Status, message: String, lesson: String, setAside: [String]? = nil,
            cause: CheckResult.Cause? = nil
        ) {
            self.name = name
            self.status = status
            self.message = message
            self.lesson = lesson
            self.setAside = setAside
            self.cause = cause
        }

        /// True when the check did not judge the answer's behaviour: it passed neither failed
        /// on what the answer did (it crashed the judge, hung, or reached a limit).
        var unjudged: Bool { status == .error || (status == .fail && cause != nil) }
    }

    /// The learner: the name of their folder (escaped when it is not printable).
    package var learner: String
    /// The quiz directory name (`04-lazy-connection`), or the name the learner used when it
    /// names no quiz of the workshop.
    package var quiz: String
    package var status: Status
    /// Checks passed.
    package var passed: Int
    /// Checks run (0 when none could run).
    package var total: Int
    /// The seed the checks drew their inputs from (`lesson grade NN FILE --seed SEED` replays
    /// them); nil when no check ran.
    package var seed: UInt64?
    /// Why the row is `error` or `fail`, on one line; empty for `pass` and `missing`.
    package var reason: String
    /// The file graded, relative to the submissions folder.
    package var answer: String
    /// SHA-256 of the answer's bytes; empty when no answer was read.
    package var answerHash: String
    /// The version of the quiz it was graded against (`GradebookQuiz.version`).
    package var quizVersion: String
    /// When it was graded (ISO 8601); empty for rows that needed no grading.
    package var gradedAt: String
    /// Wall time of the grading, in seconds.
    package var seconds: Double
    /// Every check's verdict, in the quiz's order.
    package var checks: [Check]
    /// How many runs of this grading's checks were set aside (failed while the machine held
    /// them back, then graded again); each check's `setAside` says which and why.
    package var setAsideCount: Int { checks.reduce(0) { $0 + ($1.setAside?.count ?? 0) } }

    package init(
        learner: String, quiz: String, status: Status, passed: Int = 0, total: Int = 0, seed: UInt64? = nil,
        reason: String = "", answer: String = "", answerHash: String = "", quizVersion: String = "",
        gradedAt: String = "", seconds: Double = 0, checks: [Check] = []
    ) {
        self.learner = learner
        self.quiz = quiz
        self.status = status
        self.passed = passed
        self.total = total
        self.seed = seed
        self.reason = reason
        self.answer = answer
        self.answerHash = answerHash
        self.quizVersion = quizVersion
        self.gradedAt = gradedAt
        self.seconds = seconds
        self.checks = checks
    }

    /// The row of a graded answer, from the very report `lesson grade` prints. The row is
    /// `error` when the report is (no compile, refused) and also when no check could judge
    /// the answer's behaviour (in every check it crashed the judge, never replied in time, or
    /// reached a limit of its confinement: `lesson grade` calls that a failing grade with no
    /// check passed); its reason is the first line of why.
    package init(
        learner: String, report: GradeReport, answer: String, answerHash: String, quizVersion: String,
        gradedAt: String
    ) {
        let checks = report.checks.map {
            Check(
                name: $0.name, status: $0.status, message: $0.message, lesson: $0.lesson,
                setAside: $0.setAside.flatMap { $0.isEmpty ? nil : $0.map(TerminalReport.describe) },
                cause: $0.passed ? nil : $0.cause)
        }
        var status: Status
        var reason = ""
        switch report.status {
        case .pass:
            status = .pass
        case .fail:
            let unjudged = !checks.isEmpty && checks.allSatisfy(\.unjudged)
            // Checks the machine kept from judging say nothing about the answer: when they are
            // all that did not pass, the answer was not graded.
            let notPassed = checks.filter { $0.status != .pass }
            let busy = !notPassed.isEmpty && notPassed.allSatisfy { $0.cause == .busy }
            status = unjudged || busy ? .error : .fail
            if let first = report.checks.first(where: { !$0.passed }) {
                let failing = report.checks.filter { !$0.passed }.count
                let checksWord = "\(failing) check\(failing == 1 ? "" : "s")"
                let lead: String
                if unjudged {
                    lead = "no check could judge it (\(Self.unjudgedWhy(checks))): "
                } else if busy {
                    lead = "\(checksWord) could not judge it (\(Self.unjudgedWhy(checks))): "
                } else {
                    lead = "\(checksWord) failed: "
                }
                reason = lead + "\(first.name): " + Self.oneLine(first.message)
            }
        case .error:
            status = .error
            reason = Self.oneLine(report.message)
        }
        self.init(
            learner: learner, quiz: report.quiz, status: status, passed: report.passedCount,
            total: report.checks.count, seed: report.checks.isEmpty ? nil : report.seed, reason: reason,
            answer: answer, answerHash: answerHash, quizVersion: quizVersion, gradedAt: gradedAt,
            seconds: report.seconds, checks: checks)
    }

    /// What kept every check from judging: `it hung in every check`, `it reached a limit of
    /// its confinement`, `every check's judge ended without a verdict`, or a mix of these.
    static func unjudgedWhy(_ checks: [Check]) -> String {
        var why: [String] = []
        if checks.contains(where: { $0.cause == .hung }) { why.append("it never replied in time: it hangs") }
        if checks.contains(where: { $0.cause == .limit }) { why.append("it reached a limit of its confinement") }
        if checks.contains(where: { $0.cause == .busy }) {
            why.append("the machine was too busy for its clock to mean anything")
        }
        if checks.contains(where: { $0.status == .error && $0.cause == nil }) {
            why.append("a judge ended without a verdict")
        }
        return why.joined(separator: "; ")
    }

    /// The first line of `text` that says something (a diagnostic's `file:line:col: error: …`
    /// when there is one), at most 300 characters.
    package static func oneLine(_ text: String) -> String {
        let lines = text.split(whereSeparator: \.isNewline).map { String($0.drop { $0 == " " || $0 == "\t" }) }.filter {
            !$0.isEmpty
        }
        let line = lines.first { $0.contains(": error:") } ?? lines.first ?? ""
        guard line.count > 300 else { return line }
        return String(line.prefix(299)) + "…"
    }

    /// True when `other` grades the same answer of the same quiz with the same verdict: equal
    /// learner, quiz, status, counts, file, hashes and every check's name and status. Seeds
    /// differ by design (each grading draws a fresh one), and so may the time, the wall time
    /// and the words of a failure (they can quote inputs drawn from the seed).
    package func sameVerdict(as other: GradebookRow) -> Bool {
        learner == other.learner && quiz == other.quiz && status == other.status && passed == other.passed
            && total == other.total && answer == other.answer && answerHash == other.answerHash
            && quizVersion == other.quizVersion && checks.map(\.name) == other.checks.map(\.name)
            && checks.map(\.status) == other.checks.map(\.status)
    }
}
