import Foundation
import LessonCore
import LessonRunner
import LessonServe
import Testing

/// `StreamEvent` is an enum; its JSON is byte for byte what the page read when it was a
/// struct of optionals (these lines were written by that struct).
@Suite struct StreamEventWireTests {
    @Test func everyEventEncodesAsBefore() throws {
        let diagnostic = try JSONDecoder().decode(
            ServeMessages.EditorDiagnostic.self,
            from: Data(#"{"line":2,"column":3,"severity":"error","message":"m","file":"f.md","fileLine":9}"#.utf8))
        var ran = ServeMessages.StreamEvent.Ran(
            status: "fail", checks: [], error: "boom", seconds: 1.5, cached: false, diagnostics: [diagnostic])
        ran.elapsed = 0.75
        ran.exitCode = 1
        ran.signal = 9
        ran.timedOut = true
        let cases: [(ServeMessages.StreamEvent, String)] = [
            (.queued(position: 2), #"{"position":2,"type":"queued"}"#),
            (.started, #"{"type":"started"}"#),
            (.compiled(cached: true), #"{"cached":true,"type":"compiled"}"#),
            (
                .line(t: 0.5, stream: "stdout", text: "a/b \"q\" é"),
                #"{"stream":"stdout","t":0.5,"text":"a/b \"q\" é","type":"line"}"#
            ),
            (.setAside(message: "held back"), #"{"message":"held back","type":"set-aside"}"#),
            (.timeline(html: "<figure>…</figure>"), #"{"html":"<figure>…</figure>","type":"timeline"}"#),
            (
                .check(name: "n", status: "pass", message: "m", hint: "h", seconds: 0.25),
                #"{"hint":"h","message":"m","name":"n","seconds":0.25,"status":"pass","type":"check"}"#
            ),
            (
                .ran(ran),
                #"{"cached":false,"checks":[],"diagnostics":[{"column":3,"file":"f.md","fileLine":9,"line":2,"#
                    + #""message":"m","severity":"error"}],"elapsed":0.75,"error":"boom","exitCode":1,"seconds":1.5,"#
                    + #""signal":9,"status":"fail","timedOut":true,"type":"done"}"#
            ),
            (
                .ran(.init(status: "pass", checks: [], error: nil, seconds: nil, cached: nil, diagnostics: [])),
                #"{"checks":[],"diagnostics":[],"status":"pass","type":"done"}"#
            ),
            (
                .graded(.init(status: "pass", message: "ok", passed: 3, total: 4, diagnostics: [])),
                #"{"diagnostics":[],"message":"ok","passed":3,"status":"pass","total":4,"type":"done"}"#
            ),
            (
                .graded(.init(status: "error", message: nil, passed: 0, total: 0, diagnostics: [])),
                #"{"diagnostics":[],"passed":0,"status":"error","total":0,"type":"done"}"#
            ),
            (.failed(error: "x"), #"{"error":"x","status":"error","type":"done"}"#),
            (.error("no"), #"{"error":"no","type":"error"}"#),
        ]
        for (event, line) in cases {
            #expect(ServeMessages.line(event) == line + "\n")
        }
    }
}

/// The change feed's versions: each change once, everything when a poll is too old.
@Suite struct ChangeFeedTests {
    @Test func aPollHearsEachChangeOnceAndEverythingWhenItIsTooOld() throws {
        let root = NSTemporaryDirectory() + "lesson-feed-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root + "/Lessons", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let lesson = root + "/Lessons/01-a.md"
        try "# A\n".write(toFile: lesson, atomically: true, encoding: .utf8)
        let workshop = ServeWorkshop(workspace: Workspace(root: root, stateDirectory: root + "/.lesson"))
        let feed = ChangeFeed(workshop: workshop, interval: .zero, remembered: 2)
        #expect(feed.changes(since: nil) == ChangeFeed.Changes(version: 0, pages: []))
        for round in 1...3 {
            try "# A\n\(String(repeating: "x", count: round))\n".write(
                toFile: lesson, atomically: true, encoding: .utf8)
            #expect(feed.changes(since: round - 1) == ChangeFeed.Changes(version: round, pages: ["01-a.html"]))
            #expect(feed.changes(since: round) == ChangeFeed.Changes(version: round, pages: []))
        }
        // Versions 2 and 3 are remembered; a poll from 1 hears version 2 and 3's pages, from 0 everything.
        #expect(feed.changes(since: 1) == ChangeFeed.Changes(version: 3, pages: ["01-a.html"]))
        #expect(feed.changes(since: 0) == ChangeFeed.Changes(version: 3, pages: ["*"]))
        // A version from another server's life (newer than this one's) hears nothing, and learns ours.
        #expect(feed.changes(since: 9) == ChangeFeed.Changes(version: 3, pages: []))
    }
}

/// One grade report, two renderings: what the page gets for each check is what
/// `lesson grade` prints for it, the lesson section linked instead of named.
@Suite struct PageGradeTests {
    @Test func thePageGetsWhatTheTerminalPrints() {
        var failed = CheckResult(
            name: "runs concurrently", hint: "Start every download before awaiting any.", status: .fail,
            message: "the 3 downloads ran one after another", output: (1...12).map { "line \($0)" })
        failed.lesson = "Lessons/04-gather.md#any-number-of-things-task-groups"
        let unjudged = CheckResult(name: "keeps order", status: .error, message: "the check never reported")
        let passed = CheckResult(name: "compiles", hint: "never shown", status: .pass)
        // Not judged, the machine too busy: like the terminal, the page shows no hint or section.
        var busy = CheckResult(
            name: "stays bounded", hint: "Let the reader wait.", status: .error,
            message: "not judged: the machine kept this run from running")
        busy.cause = .busy
        busy.lesson = "Lessons/15-sqlite.md#the-bulk-load-with-back-pressure"
        var report = GradeReport(
            quiz: "01-run-many", title: "Run many", answer: "Answer.swift", status: .fail,
            checks: [passed, failed, unjudged, busy])
        report.seed = 42
        let page = ServeApp.gradeChecks(report)
        let terminal = GradeTerminalReport(color: false).render(report)
        #expect(page.map(\.status) == ["pass", "fail", "error", "error"])
        #expect(page[3].hint.isEmpty && page[3].link == nil && page[3].lesson == nil)
        #expect(terminal.contains(busy.message) && !terminal.contains(busy.hint) && !terminal.contains(busy.lesson))
        let json = ExercismResults(report).tests[3].message ?? ""
        #expect(json.hasPrefix(busy.message) && !json.contains("Hint:") && !json.contains("Read:"))
        #expect(ExercismResults(report).tests[1].message?.contains("Hint: " + failed.hint) == true)
        #expect(page[1].link == "04-gather.html#any-number-of-things-task-groups")
        #expect(page[1].lesson == failed.lesson && terminal.contains("read: " + failed.lesson))
        #expect(page[1].output == (5...12).map { "line \($0)" })
        #expect(page[0].output == nil && page[0].link == nil)
        for check in page where check.status != "pass" {
            #expect(
                terminal.contains(check.message) && (check.hint.isEmpty || terminal.contains(check.hint)),
                "\(check.name)")
        }
        #expect(report.replayCommand == "lesson grade 01 --seed 42")
        #expect(terminal.contains("'lesson grade 01 --seed 42' replays them"))
    }
}
