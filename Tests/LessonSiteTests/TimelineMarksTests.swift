import LessonCore
import LessonSite
import Testing

/// The timeline's marks come from the checks' pairing, so they agree with the verdict.
struct TimelineMarksTests {
    static func snippet(_ block: String) -> Snippet {
        let source = "```swift id=s\nprint(1)\n```\n\n\(block)\n"
        let (lesson, problems) = LessonParser.parse(source, path: "marks.md")
        #expect(problems.isEmpty)
        return lesson.snippets[0]
    }

    static func run(_ lines: [(Double, String)], stream: StreamName = .stdout) -> RunResult {
        RunResult(
            lines: lines.map { OutputLine(t: $0.0, stream: stream, text: $0.1) }, exitCode: 0, signal: nil,
            elapsed: (lines.last?.0 ?? 0) + 0.05, timedOut: false)
    }

    func classes(_ snippet: Snippet, _ run: RunResult) -> [TimelineMarks.Class] {
        let verdict = Checker.check(snippet, run)
        return TimelineMarks(snippet, lines: run.lines, matches: verdict.matches).classes
    }

    @Test func repeatedUnorderedLinesEachTakeTheLineThatCameAtTheirTime() {
        let snippet = Self.snippet("```output unordered\n[0.6s] tick\n[0.0s] tick\n```")
        let run = Self.run([(0.01, "tick"), (0.61, "tick")])
        let checks = Checker.checkRun(snippet, run)
        #expect(checks.allSatisfy { $0.pass })
        #expect(classes(snippet, run) == [.onTime, .onTime])
        let svg = Timeline(scale: 1).svg(snippet, run, matches: Checker.check(snippet, run).matches) ?? ""
        #expect(!svg.contains(" late\""))
        #expect(svg.ranges(of: " on-time\"").count == 2)
    }

    @Test func aLineOutsideItsWindowIsLateAndFailsTiming() {
        let snippet = Self.snippet("```output\nstart\n[0.2s] done\n```")
        let run = Self.run([(0.0, "start"), (0.9, "done")])
        let checks = Checker.checkRun(snippet, run)
        #expect(checks.first { $0.kind == .timing }?.pass == false)
        #expect(classes(snippet, run) == [.plain, .late])
    }

    @Test func aLineTheBlockDoesNotAllowIsUnexpected() {
        let snippet = Self.snippet("```output\n[0.0s] a\n```")
        let run = Self.run([(0.0, "a"), (0.1, "b"), (0.2, "b")])
        #expect(classes(snippet, run) == [.onTime, .unexpected, .unexpected])
        let other = Self.run([(0.0, "a"), (0.1, "noise")], stream: .stderr)
        #expect(classes(snippet, other) == [.plain, .plain])
    }
}
