import LessonCore
import LessonSite
import Testing

/// Serve's live timeline is the static site's figure: the finished run's is the very markup
/// the lesson page holds for that run, and a run still going is drawn with the same renderer,
/// its expected lines not seen yet waiting (no mark, not missing).
struct LiveTimelineTests {
    static let source = """
        # One

        ```swift id=s
        print(1)
        ```

        ```output elapsed=0.6s
        [0.2s] first
        [0.4s] second
        [0.6s] third
        ```

        """

    static func parsed() -> LessonDocument {
        LessonParser.document(source, path: "Lessons/01-one.md")
    }

    static func run(_ lines: [(Double, String)], elapsed: Double) -> RunResult {
        RunResult(
            lines: lines.map { OutputLine(t: $0.0, stream: .stdout, text: $0.1) }, exitCode: 0, signal: nil,
            elapsed: elapsed, timedOut: false)
    }

    /// The report `lesson run` would make of `run`.
    static func report(_ snippet: Snippet, _ run: RunResult) -> SnippetReport {
        let verdict = Checker.check(snippet, run)
        var report = SnippetReport(
            id: snippet.id, line: snippet.line, mode: snippet.mode,
            status: verdict.checks.allSatisfy(\.pass) ? .pass : .fail, run: run, checks: verdict.checks)
        report.matches = verdict.matches
        return report
    }

    @Test func aFinishedRunsFigureIsTheLessonPagesFigure() throws {
        let document = Self.parsed()
        let snippet = document.lesson.snippets[0]
        for run in [
            Self.run([(0.21, "first"), (0.41, "second"), (0.61, "third")], elapsed: 0.62),
            Self.run([(0.5, "first"), (0.9, "second"), (1.3, "third")], elapsed: 1.31),
        ] {
            let report = Self.report(snippet, run)
            let recorded = RecordedRun(
                recordedAt: "2026-01-01T00:00:00Z", host: "test",
                report: LessonReport(path: "Lessons/01-one.md", title: "One", snippets: [report]))
            let lesson = SiteLesson(stem: "01-one", document: document, recorded: recorded)
            let page = LessonSite.render(lessons: [lesson], quizzes: []).first { $0.path == lesson.pageName }
            let live = try #require(LiveTimeline.figure(snippet, report))
            #expect(page?.contents.contains(live) == true)
        }
    }

    @Test func aLateLineIsMarkedOutsideItsWindowInBothDrawingsAndTheTable() throws {
        let snippet = Self.parsed().lesson.snippets[0]
        let run = Self.run([(0.5, "first"), (0.9, "second"), (1.3, "third")], elapsed: 1.31)
        let figure = try #require(LiveTimeline.figure(snippet, Self.report(snippet, run)))
        #expect(figure.ranges(of: "class=\"mark mark-out late\"").count == 6)
        #expect(figure.ranges(of: ">late</text>").count == 8)  // three lines and the end, in each drawing
        #expect(figure.contains("outside its window"))
        #expect(figure.ranges(of: "<td>late by ").count == 4)
    }

    @Test func aRunStillGoingWaitsForTheLinesNotSeenYet() throws {
        let snippet = Self.parsed().lesson.snippets[0]
        let figure = try #require(
            LiveTimeline.figure(snippet, linesSoFar: [OutputLine(t: 0.2, stream: .stdout, text: "first")]))
        #expect(figure.contains("timeline-wide") && figure.contains("timeline-narrow"))
        #expect(figure.ranges(of: "class=\"mark mark-out on-time\"").count == 2)
        #expect(!figure.contains("band-missing") && !figure.contains(">missing: "))
        #expect(figure.ranges(of: "<td>not yet</td>").count == 6)  // seen and verdict of second, third and the end
        #expect(figure.contains("1 output line so far"))
        // Nothing seen yet: every expected line waits, drawn with its band and label.
        let empty = try #require(LiveTimeline.figure(snippet, linesSoFar: []))
        #expect(empty.ranges(of: "class=\"band\"").count == 6)
        #expect(!empty.contains("class=\"mark"))
        #expect(empty.contains(">third</text>"))
    }
}
