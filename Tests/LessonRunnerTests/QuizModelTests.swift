import Foundation
import LessonCore
import LessonRunner
import Testing

/// The pure parts of grading: the verdict wire format, judging a run, the Exercism JSON,
/// progress, hints, and answer files that are never overwritten.
@Suite struct QuizModelTests {
    @Test func verdictLinesRoundTripAndNeedTheSecret() {
        let message = "line one\n\ttabbed \\ back"
        let text =
            "noise\n" + VerdictRecord.line(secret: "s3", ["fail", "2", message])
            + VerdictRecord.line(secret: "other", ["pass", "2"]) + "s3\tpass\n"
            + VerdictRecord.line(secret: "s3", ["check", "1", "3", "a name", "a hint"])
        #expect(
            VerdictRecord.parse(text, secret: "s3") == [
                .fail(index: 2, message: message), .check(index: 1, task: 3, name: "a name", hint: "a hint"),
            ])
        #expect(VerdictRecord.parse(text, secret: "").isEmpty)
    }

    static func run(report: String, exit: Int32? = 0, signal: Int32? = nil, timedOut: Bool = false) -> RunResult {
        var run = RunResult(lines: [], exitCode: exit, signal: signal, elapsed: 0.1, timedOut: timedOut)
        run.reportOutput = report
        return run
    }

    static func judge(_ run: RunResult) -> CheckResult {
        CheckResult.judge(index: 1, name: "n", task: 1, hint: "h", run: run, secret: "k", timeout: 3)
    }

    @Test func judgingAVerdict() {
        let pass = VerdictRecord.line(secret: "k", ["pass", "1"])
        #expect(Self.judge(Self.run(report: pass)).status == .pass)
        // A verdict for another check does not count.
        #expect(Self.judge(Self.run(report: VerdictRecord.line(secret: "k", ["pass", "0"]))).status == .error)
        let fail = Self.judge(Self.run(report: VerdictRecord.line(secret: "k", ["fail", "1", "why"])))
        #expect(fail.status == .fail && fail.message == "why")
        // A pass followed by a crash is not a pass.
        #expect(Self.judge(Self.run(report: pass, exit: nil, signal: 11)).status == .fail)
        let silent = Self.judge(Self.run(report: "", exit: nil, signal: 5))
        #expect(silent.status == .error && silent.message.contains("SIGTRAP"))
        #expect(Self.judge(Self.run(report: "", exit: nil, signal: 15, timedOut: true)).message.contains("within 3 s"))
    }

    @Test func exercismResultsVersion3() throws {
        let report = GradeReport(
            quiz: "04-x", title: "X", answer: "A.swift", status: .fail,
            checks: [
                CheckResult(name: "good", status: .pass, output: ["hello"]),
                CheckResult(name: "bad", task: 2, hint: "try this", status: .fail, message: "broke"),
            ])
        let data = try JSONEncoder().encode(ExercismResults(report))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["version"] as? Int == 3)
        #expect(object["status"] as? String == "fail")
        #expect(object["message"] == nil)
        let tests = try #require(object["tests"] as? [[String: Any]])
        #expect(tests.map { $0["name"] as? String } == ["good", "bad"])
        #expect(tests[0]["status"] as? String == "pass" && tests[0]["output"] as? String == "hello")
        #expect(tests[0]["message"] == nil)
        #expect(tests[1]["message"] as? String == "broke\nHint: try this")
        #expect(tests[1]["task_id"] as? Int == 2)
        #expect(ExercismResults.capped(String(repeating: "x", count: 900)).count == 500)
    }

    @Test func progressText() {
        var report = GradeReport(
            quiz: "q", title: "t", answer: "a", status: .fail,
            checks: [CheckResult(name: "a", status: .pass), CheckResult(name: "b", status: .fail)])
        #expect(GradeRecord(report, gradedAt: "now").progress == "1 of 2 checks pass")
        report.checks[1].status = .pass
        report.status = .pass
        #expect(GradeRecord(report, gradedAt: "now").progress == "all 2 checks pass")
        #expect(
            GradeRecord(GradeReport(quiz: "q", title: "t", answer: "a", status: .error), gradedAt: "n").progress
                == "does not compile")
    }

    @Test func hintsFromFrontMatter() {
        let readme = "---\ntitle: T\nhints:\n  - first: with a colon\n  - \"second\"\ntimeout: 5s\n---\n# T\n"
        #expect(Quiz.hints(in: readme) == ["first: with a colon", "second"])
        #expect(Quiz.hints(in: "---\nhints: only one\n---\n") == ["only one"])
        let (lesson, problems) = LessonParser.parse(readme, path: "README.md")
        #expect(problems.isEmpty)
        #expect(lesson.timeout == 5)
    }

    @Test func everyWorkshopQuizLoadsWithHints() throws {
        let directories = QuizSupport.catalog.quizDirectories()
        #expect(directories.count == 5)
        for directory in directories {
            let quiz = try QuizSupport.catalog.load(directory)
            #expect(!quiz.hints.isEmpty && quiz.solution != nil && quiz.number != nil)
        }
    }

    @Test func answerFilesAreCreatedOnceAndNeverOverwritten() throws {
        let state = NSTemporaryDirectory() + "quiz-answers-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: state) }
        let catalog = GraderCatalog(workspace: Workspace(root: QuizSupport.root, stateDirectory: state))
        let quiz = try catalog.load(try catalog.resolve("lazy-connection"))
        #expect(catalog.progress(of: quiz) == "not started")
        #expect(try catalog.createAnswer(for: quiz))
        let path = catalog.answerPath(for: quiz)
        #expect(path.hasSuffix("/answers/04-lazy-connection/Answer.swift"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == quiz.starter)
        try "// mine".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try !catalog.createAnswer(for: quiz))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "// mine")
        #expect(catalog.progress(of: quiz) == "started, not graded")
        try catalog.record(
            GradeReport(
                quiz: quiz.id, title: quiz.title, answer: path, status: .pass,
                checks: [CheckResult(name: "a", status: .pass)]))
        #expect(catalog.progress(of: quiz) == "all 1 check pass")
        #expect(throws: UsageError.self) { try catalog.resolve("99") }
    }
}
