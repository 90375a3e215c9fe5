/// A class's gradebook: one row per learner × quiz, and what follows from the rows (each
/// quiz's and each check's pass rate, the checks the room fails most). The figures are
/// computed once, when the gradebook is made from its rows, so a merged gradebook and an
/// unsharded one made from the same rows are equal.
package struct Gradebook: Sendable, Codable, Hashable {
    /// A quiz of the workshop, as graded.
    package struct Quiz: Sendable, Codable, Hashable {
        /// The quiz directory name, e.g. `04-lazy-connection`.
        package var id: String
        package var title: String
        /// A hash of what decides its verdicts (judge, adapter, grading kits, timeout): rows
        /// graded against another version are graded again.
        package var version: String

        package init(id: String, title: String, version: String) {
            self.id = id
            self.title = title
            self.version = version
        }
    }

    /// A quiz's result in the room.
    package struct QuizRate: Sendable, Codable, Hashable {
        package var quiz: String
        /// Learners in the gradebook.
        package var learners: Int
        /// Learners with an answer (every status but `missing`).
        package var submitted: Int
        /// Learners whose answer passed every check.
        package var passed: Int
        /// `passed / learners`: the share of the room that passes (0 for an empty room).
        package var passRate: Double
    }

    /// A check's result in the room.
    package struct CheckRate: Sendable, Codable, Hashable {
        package var quiz: String
        package var check: String
        /// The lesson section that teaches what it looks for (`Lessons/FILE.md#slug`).
        package var lesson: String
        /// Answers the check ran on.
        package var ran: Int
        /// Answers that passed it.
        package var passed: Int
        /// `passed / ran`.
        package var passRate: Double

        /// Answers that did not pass it.
        package var failed: Int { ran - passed }
    }

    /// The file format's name and version.
    package var format = "lesson-gradebook"
    package var version = 1
    /// `K/N` when the gradebook holds one shard of the learners; nil for the whole room.
    package var shard: String?
    /// The quizzes graded, in order.
    package var quizzes: [Quiz]
    /// The learners, sorted.
    package var learners: [String]
    /// One row per learner × quiz (plus rows for answers that name no quiz), sorted by
    /// learner, then quiz.
    package var rows: [GradebookRow]
    /// Per quiz of `quizzes`, in order.
    package var quizRates: [QuizRate]
    /// Per check, in quiz order and the judge's order of checks.
    package var checkRates: [CheckRate]
    /// The checks the room fails most (at most five, each failed at least once): most
    /// failures first, then the lower pass rate, then quiz order.
    package var mostFailed: [CheckRate]

    /// The gradebook of `rows`: sorts them and computes every figure.
    package init(quizzes: [Quiz], rows: [GradebookRow], shard: String? = nil) {
        self.quizzes = quizzes
        self.shard = shard
        let order = Dictionary(quizzes.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let sorted = rows.sorted { left, right in
            if left.learner != right.learner { return left.learner.utf8.lexicographicallyPrecedes(right.learner.utf8) }
            let l = order[left.quiz] ?? Int.max
            let r = order[right.quiz] ?? Int.max
            if l != r { return l < r }
            return left.quiz.utf8.lexicographicallyPrecedes(right.quiz.utf8)
        }
        self.rows = sorted
        var seen = Set<String>()
        learners = sorted.map(\.learner).filter { seen.insert($0).inserted }
        let learnerCount = learners.count
        quizRates = quizzes.map { quiz in
            let mine = sorted.filter { $0.quiz == quiz.id }
            let passed = mine.filter { $0.status == .pass }.count
            return QuizRate(
                quiz: quiz.id, learners: learnerCount, submitted: mine.filter { $0.status != .missing }.count,
                passed: passed, passRate: learnerCount == 0 ? 0 : Double(passed) / Double(learnerCount))
        }
        var rates: [CheckRate] = []
        for quiz in quizzes {
            // The checks in the judge's order, as the rows list them.
            var names: [String] = []
            var lessons: [String: String] = [:]
            var ran: [String: Int] = [:]
            var passed: [String: Int] = [:]
            for row in sorted where row.quiz == quiz.id {
                for check in row.checks {
                    if ran[check.name] == nil {
                        names.append(check.name)
                        lessons[check.name] = check.lesson
                    }
                    ran[check.name, default: 0] += 1
                    if check.status == .pass { passed[check.name, default: 0] += 1 }
                }
            }
            for name in names {
                let count = ran[name] ?? 0
                let good = passed[name] ?? 0
                rates.append(
                    CheckRate(
                        quiz: quiz.id, check: name, lesson: lessons[name] ?? "", ran: count, passed: good,
                        passRate: count == 0 ? 0 : Double(good) / Double(count)))
            }
        }
        checkRates = rates
        let positions = Dictionary(rates.enumerated().map { ("\($1.quiz)\u{0}\($1.check)", $0) }) { first, _ in first }
        mostFailed = Array(
            rates.filter { $0.failed > 0 }.sorted { left, right in
                if left.failed != right.failed { return left.failed > right.failed }
                if left.passRate != right.passRate { return left.passRate < right.passRate }
                return positions["\(left.quiz)\u{0}\(left.check)"]! < positions["\(right.quiz)\u{0}\(right.check)"]!
            }.prefix(5))
    }

    /// The row of a learner and quiz, if there is one.
    package func row(learner: String, quiz: String) -> GradebookRow? {
        rows.first { $0.learner == learner && $0.quiz == quiz }
    }

    /// The quiz ids the rows use beyond `quizzes` (answers that name no quiz), sorted.
    package var unknownQuizzes: [String] {
        let known = Set(quizzes.map(\.id))
        return Set(rows.map(\.quiz)).subtracting(known).sorted()
    }

    /// Counts of rows by status.
    package func count(_ status: GradebookRow.Status) -> Int {
        rows.filter { $0.status == status }.count
    }

    /// True when `other` holds the same rows with the same verdicts (`GradebookRow.sameVerdict`)
    /// and the same quizzes and figures: what a merge of shards must give back.
    package func sameVerdicts(as other: Gradebook) -> Bool {
        quizzes == other.quizzes && learners == other.learners && rows.count == other.rows.count
            && zip(rows, other.rows).allSatisfy { $0.sameVerdict(as: $1) } && quizRates == other.quizRates
            && checkRates == other.checkRates && mostFailed == other.mostFailed
    }
}
