import LessonCore
import Testing

/// The one rule for which tolerance applies to an expected line, and the timed bands and
/// expected end a snippet's expectations give (what the checks and the site's timelines read).
struct SnippetTimingTests {
    static let lesson = """
        ```swift id=a tolerance=50ms
        print(1)
        ```

        ```output tolerance=10%
        [2s] one
        ...
        [3s] two
        ```

        ```stderr elapsed=4s
        [1s] err
        plain
        ```

        ```swift id=b
        print(2)
        ```

        ```output elapsed=2s
        [2s] late
        ```
        """

    @Test func aBlockTakesItsOwnToleranceElseTheSnippetsElseTheStandardOne() throws {
        let (lesson, problems) = LessonParser.parse(Self.lesson, path: "t.md")
        #expect(problems.isEmpty)
        let a = try #require(lesson.snippets.first { $0.id == "a" })
        let b = try #require(lesson.snippets.first { $0.id == "b" })
        #expect(a.tolerance(ofBlock: 0) == .fraction(0.1))
        #expect(a.tolerance(ofBlock: 1) == .seconds(0.05))
        #expect(b.tolerance(ofBlock: 0) == .standard)
        // block:line at stamp ± window in ms; the `...` has no band, nor has an unstamped line.
        func bands(_ snippet: Snippet) -> [String] {
            snippet.timedBands.map { "\($0.block):\($0.line) \($0.stamp)s ±\(Int(($0.window * 1000).rounded()))" }
        }
        #expect(bands(a) == ["0:0 2.0s ±200", "0:2 3.0s ±300", "1:0 1.0s ±50"])
        #expect(a.expectedEnd.map { [$0.at, $0.window] } == [4, 0.05])
        #expect(b.expectedEnd.map { [$0.at, $0.window] } == [2, 0.2])
        #expect(bands(b) == ["0:0 2.0s ±200"])
    }
}
