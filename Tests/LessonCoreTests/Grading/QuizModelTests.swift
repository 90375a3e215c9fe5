import Foundation
import LessonCore
import Testing

/// The pure parts of grading: the verdict wire format, judging a run, the Exercism JSON,
/// progress and hints. (The workshop's quizzes and their answer files: `QuizCatalogTests`.)
@Suite struct QuizModelTests {
    /// A judge's run: `verdict` on its standard output.
    static func run(verdict: String, exit: Int32? = 0, signal: Int32? = nil, timedOut: Bool = false) -> RunResult {
        let lines = verdict.split(separator: "\n").map { OutputLine(t: 0, stream: .stdout, text: String($0)) }
        return RunResult(lines: lines, exitCode: exit, signal: signal, elapsed: 0.1, timedOut: timedOut)
    }

    /// An answer's run that printed `printed` and ended with `signal`.
    static func answer(printed: [String], signal: Int32? = nil) -> RunResult {
        RunResult(
            lines: printed.map { OutputLine(t: 0, stream: .stdout, text: $0) }, exitCode: signal == nil ? 0 : nil,
            signal: signal, elapsed: 0.1, timedOut: false)
    }

    static func judge(_ run: RunResult, answer: RunResult? = nil) -> CheckResult {
        CheckResult.judge(name: "n", task: 1, hint: "h", lesson: "Lessons/x.md#y", run: run, answer: answer, timeout: 3)
    }

    @Test func judgingAVerdict() {
        let pass = JudgeReport.pass.line
        #expect(Self.judge(Self.run(verdict: pass)).status == .pass)
        let fail = Self.judge(
            Self.run(verdict: JudgeReport.fail(message: "why\nnot").line), answer: Self.answer(printed: ["pass"]))
        #expect(fail.status == .fail && fail.message == "why\nnot" && fail.lesson == "Lessons/x.md#y")
        // What the answer printed is output, never a verdict.
        #expect(fail.output == ["pass"])
        #expect(Self.judge(Self.run(verdict: ""), answer: Self.answer(printed: [pass, pass])).status == .error)
        // Two verdicts, or a verdict from a judge that then crashed, are not a pass.
        #expect(Self.judge(Self.run(verdict: pass + pass)).status == .error)
        #expect(Self.judge(Self.run(verdict: pass, exit: nil, signal: 11)).status == .error)
        #expect(Self.judge(Self.run(verdict: "", exit: nil, signal: 15, timedOut: true)).message.contains("within 3 s"))
        // The judge marks where the answer's end goes; the grader, which saw it, fills it in.
        let died = Self.judge(
            Self.run(verdict: JudgeReport.fail(message: "it never returned: \(AnswerEnd.marker)").line),
            answer: Self.answer(printed: [], signal: 4))
        #expect(
            died.message.hasPrefix("it never returned: your code's process crashed with SIGILL (a Swift runtime trap"))
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
}
