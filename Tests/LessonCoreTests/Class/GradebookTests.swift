import Foundation
import LessonCore
import Testing

/// The pure half of `lesson class`: rows from reports, the figures of a gradebook, the CSV,
/// shards and merging, learner names and where a file stops being UTF-8.
struct GradebookTests {
    static func check(_ name: String, _ status: CheckResult.Status, lesson: String = "") -> GradebookRow.Check {
        GradebookRow.Check(
            name: name, status: status, message: status == .pass ? "" : "\(name) went wrong", lesson: lesson)
    }

    static func row(_ learner: String, _ quiz: String, _ statuses: [CheckResult.Status]) -> GradebookRow {
        let checks = statuses.enumerated().map {
            check("c\($0.offset + 1)", $0.element, lesson: "L.md#c\($0.offset + 1)")
        }
        let passed = statuses.filter { $0 == .pass }.count
        return GradebookRow(
            learner: learner, quiz: quiz, status: passed == statuses.count ? .pass : .fail, passed: passed,
            total: statuses.count, seed: 7, answer: "\(learner)/\(quiz).swift", answerHash: "h-\(learner)-\(quiz)",
            quizVersion: "v", gradedAt: "2026-01-01T00:00:00Z", checks: checks)
    }

    static let quizzes = [
        Gradebook.Quiz(id: "01-a", title: "A", version: "v"), Gradebook.Quiz(id: "02-b", title: "B", version: "v"),
    ]

    @Test func aReportBecomesARowAndAnAnswerNoCheckCouldJudgeIsAnError() {
        var report = GradeReport(quiz: "01-a", title: "A", answer: "x.swift", status: .fail)
        report.seed = 42
        report.checks = [
            CheckResult(name: "one", status: .pass), CheckResult(name: "two", status: .fail, message: "late\nby far"),
        ]
        let failing = GradebookRow(
            learner: "ann", report: report, answer: "ann/01.swift", answerHash: "h", quizVersion: "v", gradedAt: "t")
        #expect(failing.status == .fail)
        #expect((failing.passed, failing.total, failing.seed) == (1, 2, 42))
        #expect(failing.reason == "1 check failed: two: late")
        report.checks = [CheckResult(name: "one", status: .error, message: "the judge ended without a verdict")]
        let crashed = GradebookRow(
            learner: "ann", report: report, answer: "ann/01.swift", answerHash: "h", quizVersion: "v", gradedAt: "t")
        #expect(crashed.status == .error)
        #expect(
            crashed.reason.hasPrefix("no check could judge it (a judge ended without a verdict): one: the judge ended"))
        var broken = GradeReport(quiz: "01-a", title: "A", answer: "x.swift", status: .error)
        broken.message = "Your answer does not compile:\n\nann/01.swift:3:7: error: cannot find 'x' in scope\n  x\n"
        broken.seed = 9
        let compile = GradebookRow(
            learner: "ann", report: broken, answer: "ann/01.swift", answerHash: "h", quizVersion: "v", gradedAt: "t")
        #expect(compile.status == .error)
        #expect(compile.seed == nil, "no check ran, so no seed was used")
        #expect(compile.reason == "ann/01.swift:3:7: error: cannot find 'x' in scope")
    }

    @Test func anAnswerThatHangsOrReachesALimitInEveryCheckIsAnErrorButOneJudgedFailureIsAFail() throws {
        var report = GradeReport(quiz: "01-a", title: "A", answer: "x.swift", status: .fail)
        func check(_ name: String, _ status: CheckResult.Status, _ cause: CheckResult.Cause?) -> CheckResult {
            var check = CheckResult(name: name, status: status, message: "\(name) saw it\nand more")
            check.cause = cause
            return check
        }
        func row() -> GradebookRow {
            GradebookRow(
                learner: "ann", report: report, answer: "ann/01.swift", answerHash: "h", quizVersion: "v", gradedAt: "t"
            )
        }
        report.checks = [check("one", .fail, .hung), check("two", .fail, .hung)]
        #expect(row().status == .error)
        #expect(row().reason == "no check could judge it (it never replied in time: it hangs): one: one saw it")
        #expect(row().checks.map(\.cause) == [.hung, .hung])
        report.checks = [check("one", .fail, .hung), check("two", .fail, .limit), check("three", .error, nil)]
        #expect(row().status == .error)
        #expect(
            row().reason.hasPrefix(
                "no check could judge it (it never replied in time: it hangs; it reached a limit of its confinement; a judge ended without a verdict)"
            ))
        // One check that judged what the answer did makes the row an ordinary failure.
        report.checks = [check("one", .fail, .hung), check("two", .fail, nil)]
        #expect(row().status == .fail)
        #expect(row().reason == "2 checks failed: one: one saw it")
        report.checks = [check("one", .pass, nil), check("two", .fail, .hung)]
        #expect(row().status == .fail)
        // Checks the machine kept from judging, with every other check passed, leave the
        // answer not graded; beside a judged failure they change nothing.
        report.checks = [check("one", .pass, nil), check("two", .error, .busy)]
        #expect(row().status == .error)
        #expect(
            row().reason
                == "1 check could not judge it (the machine was too busy for its clock to mean anything): two: two saw it"
        )
        report.checks = [check("one", .fail, nil), check("two", .error, .busy)]
        #expect(row().status == .fail)
        report.checks = [check("one", .error, .busy), check("two", .error, nil)]
        #expect(row().status == .error)
        #expect(
            row().reason.hasPrefix(
                "no check could judge it (the machine was too busy for its clock to mean anything; a judge ended without a verdict)"
            ))
        // The cause travels through the gradebook's JSON, and an old row without it still reads.
        report.checks = [check("one", .fail, .limit)]
        let encoded = try JSONEncoder().encode(row())
        #expect(String(decoding: encoded, as: UTF8.self).contains(#""cause":"limit""#))
        #expect(try JSONDecoder().decode(GradebookRow.self, from: encoded).checks[0].cause == .limit)
    }

    @Test func theJudgesHungLineIsAFailureWithItsCause() {
        let line = JudgeReport.hung(message: "fetchAll did not return within 6 s", hint: "await each").line
        #expect(line.hasPrefix("hung\t"))
        #expect(JudgeReport.parse(line) == [.hung(message: "fetchAll did not return within 6 s", hint: "await each")])
        #expect(JudgeReport.parse("hung\tno hint\n") == [.hung(message: "no hint")])
    }

    @Test func figuresCountTheRoomAndRankTheMostFailedChecks() {
        let rows = [
            Self.row("ann", "01-a", [.pass, .fail, .fail]), Self.row("bob", "01-a", [.pass, .pass, .fail]),
            Self.row("cy", "01-a", [.pass, .pass, .pass]), Self.row("ann", "02-b", [.fail]),
            GradebookRow(learner: "bob", quiz: "02-b", status: .missing),
            GradebookRow(learner: "cy", quiz: "02-b", status: .error, reason: "over 1 MiB"),
        ]
        let book = Gradebook(quizzes: Self.quizzes, rows: rows.reversed())
        #expect(book.learners == ["ann", "bob", "cy"])
        #expect(book.rows.map { "\($0.learner) \($0.quiz)" }.first == "ann 01-a")
        #expect(book.quizRates.map(\.passed) == [1, 0])
        #expect(book.quizRates.map(\.submitted) == [3, 2])
        #expect(book.quizRates[0].passRate == 1.0 / 3.0)
        #expect(book.checkRates.map(\.check) == ["c1", "c2", "c3", "c1"])
        #expect(book.checkRates.map(\.ran) == [3, 3, 3, 1])
        // c3 of 01-a failed twice; then c2 of 01-a and c1 of 02-b once each, 02-b's at the lower rate.
        #expect(book.mostFailed.map { "\($0.quiz) \($0.check)" } == ["01-a c3", "02-b c1", "01-a c2"])
        #expect(book.mostFailed[0].lesson == "L.md#c3")
        let summary = ClassSummary.render(book)
        #expect(summary.contains("3 learners × 2 quizzes: 1 pass, 3 fail, 1 error, 1 missing"))
        #expect(summary.contains("1. 01-a: c3: failed by 2 of 3; read L.md#c3"))
    }

    @Test func theCSVQuotesWhatItMustAndDefusesFormulas() {
        var row = Self.row("=HYPERLINK(\"x\")", "01-a", [.fail])
        row.reason = "line one, with a comma"
        let csv = GradebookCSV.render(Gradebook(quizzes: Self.quizzes, rows: [row]))
        let lines = csv.split(separator: "\r\n").map(String.init)
        #expect(lines[0].hasPrefix("learner,quiz,status,passed,total,seed,"))
        #expect(lines[1].hasPrefix(#""'=HYPERLINK(""x"")",01-a,fail,0,1,7,"line one, with a comma","#))
        #expect(GradebookCSV.text("-1+2") == "'-1+2")
        #expect(GradebookCSV.text("two\nlines") == "\"two\nlines\"")
        #expect(GradebookCSV.text("plain") == "plain")
    }

    @Test func aSetAsideRunIsInTheRowItsCheckAndTheCSV() throws {
        var report = GradeReport(quiz: "01-a", title: "A", answer: "x.swift", status: .pass)
        report.seed = 5
        var held = CheckResult(name: "one", status: .pass)
        held.setAside = [
            SetAsideRun(elapsed: 1.2, heldBack: HeldBack(waiting: 0.31, stolen: 0.02), failed: [.timing])
        ]
        report.checks = [held, CheckResult(name: "two", status: .pass)]
        let row = GradebookRow(
            learner: "ann", report: report, answer: "ann/01.swift", answerHash: "h", quizVersion: "v", gradedAt: "t")
        #expect(row.status == .pass)
        #expect(row.setAsideCount == 1)
        let words = try #require(row.checks[0].setAside?.first)
        #expect(words == TerminalReport.describe(held.setAside![0]))
        #expect(words.contains("0.33s"), "\(words)")
        #expect(row.checks[1].setAside == nil)
        let lines = GradebookCSV.render(Gradebook(quizzes: Self.quizzes, rows: [row])).split(separator: "\r\n")
        #expect(lines[0].hasSuffix(",graded_at,set_aside"))
        #expect(lines[1].hasSuffix(",t,1"))
        // A gradebook written before set-asides were recorded still reads.
        let old = #"{"name":"one","status":"pass","message":"","lesson":"L.md#one"}"#
        let decoded = try JSONDecoder().decode(GradebookRow.Check.self, from: Data(old.utf8))
        #expect(decoded.setAside == nil)
    }

    @Test func aShardIsFixedByTheNameAloneSoAddingALearnerMovesNoOne() {
        let names = (1...200).map { "learner-\($0)" }
        let before = names.map { ClassShard.of($0, count: 3) }
        let after = (names + ["newcomer", "another"]).map { ClassShard.of($0, count: 3) }
        #expect(Array(after.prefix(names.count)) == before)
        // Every shard gets a share.
        #expect(Set(before) == [1, 2, 3])
        #expect((1...3).allSatisfy { shard in before.filter { $0 == shard }.count > 40 })
        #expect(ClassShard(parsing: "2/3") == ClassShard(index: 2, count: 3))
        for bad in ["0/3", "4/3", "1/0", "1", "a/b", "1/2/3", "-1/2"] { #expect(ClassShard(parsing: bad) == nil) }
    }

    @Test func shardsMergeToTheWholeAndBadMergesSayWhy() throws {
        let rows = ["ann", "bob", "cy", "dee", "eve"].flatMap { name in
            [Self.row(name, "01-a", [.pass, .fail]), Self.row(name, "02-b", [.pass])]
        }
        let whole = Gradebook(quizzes: Self.quizzes, rows: rows)
        let shards = (1...2).map { index in
            Gradebook(
                quizzes: Self.quizzes, rows: rows.filter { ClassShard.of($0.learner, count: 2) == index },
                shard: "\(index)/2")
        }
        #expect(shards.allSatisfy { !$0.rows.isEmpty })
        let merged = try Gradebook.merge(shards.reversed(), names: ["b", "a"])
        #expect(merged == whole)
        #expect(throws: GradebookMergeError.self) { try Gradebook.merge([shards[0]], names: ["a"]) }
        #expect(throws: GradebookMergeError.self) { try Gradebook.merge([shards[0], shards[0]], names: ["a", "b"]) }
        var other = shards[1]
        other.quizzes[0].version = "changed"
        do {
            _ = try Gradebook.merge([shards[0], other], names: ["a", "b"])
            Issue.record("a merge across quiz versions must fail")
        } catch {
            #expect(error.description.contains("other quizzes or quiz versions"))
        }
        let overlapping = [whole, Gradebook(quizzes: Self.quizzes, rows: [Self.row("ann", "01-a", [.pass])])]
        #expect(throws: GradebookMergeError.self) { try Gradebook.merge(overlapping, names: ["a", "b"]) }
    }

    @Test func oddLearnerNamesAreRefusedAndShownPrintably() {
        #expect(LearnerName.problem(Array("Ada Lovelace".utf8)) == nil)
        #expect(LearnerName.problem(Array("Zoë-李".utf8)) == nil)
        #expect(LearnerName.problem([0x61, 0xFF, 0x62]) != nil)
        #expect(LearnerName.problem(Array("a\nb".utf8)) != nil)
        #expect(LearnerName.problem(Array("evil\u{202E}fdp.exe".utf8)) != nil)
        #expect(LearnerName.problem(Array(" padded".utf8)) != nil)
        #expect(LearnerName.problem(Array("-rf".utf8)) != nil)
        #expect(LearnerName.problem(Array(String(repeating: "x", count: 101).utf8)) != nil)
        #expect(LearnerName.display([0x61, 0xFF, 0x62]) == #"a\xFFb"#)
        #expect(LearnerName.display(Array("a\nb".utf8)) == #"a\u{a}b"#)
    }

    @Test func theFirstByteThatIsNotUTF8IsLocatedByLineAndColumn() {
        #expect(InvalidUTF8.find(in: Array("let a = 1\nlet é = 2\n".utf8)) == nil)
        let found = InvalidUTF8.find(in: Array("one\nlé".utf8) + [0xC3, 0x28])
        #expect(found == InvalidUTF8(line: 2, column: 3, byte: 0xC3))
    }

    @Test func gradescopeAndMarkdownViewsOfAGrade() {
        var report = GradeReport(quiz: "01-a", title: "A | B", answer: "x.swift", status: .fail, seconds: 2.2)
        report.seed = 5
        var failed = CheckResult(name: "at | once", status: .fail, message: "late\n<b>by far</b>")
        failed.hint = "start them all"
        failed.lesson = "Lessons/04-gather.md#any"
        report.checks = [CheckResult(name: "in order", status: .pass), failed]
        let scope = GradescopeResults(report)
        #expect((scope.score, scope.maxScore, scope.executionTime) == (1, 2, 3))
        #expect(scope.tests.map(\.number) == ["1.1", "1.2"])
        #expect(scope.tests.map(\.status) == ["passed", "failed"])
        #expect(scope.tests[1].output == "late\n<b>by far</b>\nHint: start them all\nRead: Lessons/04-gather.md#any")
        #expect(scope.output.contains("seed 5"))
        let markdown = GradeMarkdown.render(report)
        #expect(markdown.hasPrefix("### ❌ Quiz 01-a: A \\| B\n\n1 of 2 checks pass."))
        #expect(
            markdown.contains("| at \\| once | ❌ fail | late &lt;b&gt;by far&lt;/b&gt; | `Lessons/04-gather.md#any` |"))
        var broken = GradeReport(quiz: "01-a", title: "A", answer: "x.swift", status: .error)
        broken.message = "Your answer does not compile:\nx.swift:1:2: error: nope"
        #expect(GradescopeResults(broken).tests.isEmpty && GradescopeResults(broken).score == 0)
        #expect(GradeMarkdown.render(broken).contains("Not graded: x.swift:1:2: error: nope"))
    }
}
