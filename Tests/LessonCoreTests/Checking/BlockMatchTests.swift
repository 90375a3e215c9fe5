import LessonCore
import Testing

/// The one pairing of expected and actual lines that checks, bless, --repeat and the site read.
struct BlockMatchTests {
    static func snippet(_ blocks: String, attributes: String = "") -> Snippet {
        let source = "```swift id=s\(attributes)\nprint(1)\n```\n\n\(blocks)\n"
        let (lesson, problems) = LessonParser.parse(source, path: "m.md")
        #expect(problems.isEmpty)
        return lesson.snippets[0]
    }

    static func run(_ lines: [(Double, StreamName, String)]) -> RunResult {
        RunResult(
            lines: lines.map { OutputLine(t: $0.0, stream: $0.1, text: $0.2) }, exitCode: 0, signal: nil,
            elapsed: 1, timedOut: false)
    }

    @Test func pairsCarryRowsOffsetsAndTheResolvedTolerance() throws {
        let snippet = Self.snippet("```output tolerance=50ms\nstart\n[0.5s] done\n```", attributes: " tolerance=1s")
        let run = Self.run([(0.0, .stderr, "noise"), (0.01, .stdout, "start"), (0.58, .stdout, "done")])
        let match = try #require(BlockMatch.all(snippet, run).first)
        #expect(match.tolerance == .seconds(0.05))
        #expect(match.textMatches)
        #expect(match.pairs.map(\.row) == [1, 2])
        #expect(match.pairs.map(\.actual) == [0, 1])
        let done = match.pairs[1]
        #expect(done.stamp == 0.5)
        #expect(abs((done.offset ?? 0) - 0.08) < 1e-9)
        #expect(!done.onTime)
        #expect(match.late == [done])
        #expect(match.diff.map(\.kind) == [.same, .late])
        let checks = Checker.checkRun(snippet, run)
        #expect(checks.first { $0.kind == .timing }?.pass == false)
        #expect(checks.first { $0.kind == .output }?.pass == true)
    }

    @Test func theSnippetToleranceAppliesWhenTheBlockHasNone() throws {
        let snippet = Self.snippet("```output\n[0.5s] done\n```", attributes: " tolerance=1s")
        let match = try #require(BlockMatch.all(snippet, Self.run([(1.2, .stdout, "done")])).first)
        #expect(match.tolerance == .seconds(1))
        #expect(match.pairs.allSatisfy { $0.onTime })
    }

    @Test func unexpectedLinesAreNamedByTheirRow() throws {
        let snippet = Self.snippet("```output\na\n```\n\n```stderr unordered\nx\n```")
        let run = Self.run([(0, .stdout, "a"), (0.1, .stderr, "x"), (0.2, .stdout, "b"), (0.3, .stderr, "y")])
        let matches = BlockMatch.all(snippet, run)
        #expect(matches.map(\.block) == [0, 1])
        #expect(matches.map(\.unexpected) == [[2], [3]])
        #expect(matches.map(\.textMatches) == [false, false])
    }

    @Test func diagnosticsBlocksHaveNoPairing() {
        let source = "```swift compile-fail id=s\nlet x: Int = \"\"\n```\n\n```diagnostics\ncannot convert\n```\n"
        let lesson = LessonParser.parse(source, path: "d.md").0
        #expect(BlockMatch.all(lesson.snippets[0], Self.run([])).isEmpty)
    }
}
