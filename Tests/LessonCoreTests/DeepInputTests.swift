import LessonCore
import Testing

/// Inputs nested or repeated far deeper than a call per level could take: the scanners and
/// matchers over a lesson's text, a snippet's output and swiftc's JSON work with stacks of
/// their own, so none of them can end the process.
struct DeepInputTests {
    @Test func aPatternOfThousandsOfPlaceholdersMatchesWithoutRecursion() {
        let count = 3000
        let digits = String(repeating: "7", count: count)
        let pattern = LinePattern(Substring(String(repeating: "{int}", count: count)))
        #expect(pattern.segments.count == count)
        #expect(pattern.matches(digits))
        #expect(!pattern.matches(String(digits.dropLast())))
        let anys = LinePattern(Substring(String(repeating: "{any}x", count: count)))
        #expect(anys.matches(String(repeating: "ax", count: count)))
        #expect(!anys.matches(String(repeating: "ax", count: count - 1)))
    }

    @Test(arguments: [
        ("a{any}b{any}c", "a-b-b-c", true), ("{any}aab", "aaab", true), ("{any}abab", "abaabab", true),
        ("x{int}y", "x-12y", true), ("x{int}y", "x-y", false), ("{float}", "2.5e+3", true),
        ("{float}e", "2.5e", true), ("{hex}{hex}", "0xab", true), ("{hex}{hex}", "0xa", false), ("{any}", "", true),
        ("", "", true),
        ("", "a", false), ("{int}.{int}", "1.2.3", false), ("{any}.{int}", "1.2.3", true),
        ("{uuid}{int}", "123e4567-e89b-12d3-a456-4266141740001", true), ("{time}Z", "12:00:00Z", true),
    ])
    func placeholderEdges(pattern: String, text: String, matches: Bool) {
        #expect(LinePattern(Substring(pattern)).matches(text) == matches)
    }

    /// An unordered block whose last line can only be placed by moving every line before it:
    /// an augmenting path as long as the block.
    @Test func anAugmentingPathAsLongAsTheBlock() {
        let count = 1000
        let actual = (0..<count).map { OutputLine(t: 0, stream: .stdout, text: ",\($0),\($0 + 1),") }
        let patterns = (1..<count).map { "{any},\($0),{any}" } + ["{any},0,{any}"]
        let expected = patterns.enumerated().map { ExpectedLine(raw: $0.element, sourceLine: $0.offset + 1) }
        let outcome = OutputMatcher.unordered(expected, actual)
        #expect(outcome.textMatches)
        #expect(outcome.pairs.count == count)
        // Line i takes the actual line that starts with i; the last expected (`,0,`) takes line 0.
        #expect(outcome.pairs.allSatisfy { pair in pair.actual == (pair.expected + 1) % count })
    }

    @Test func jsonNestedDeeperThanItsLimitIsRefusedNotFollowed() {
        let deep = 1999
        let allowed = String(repeating: "[", count: deep) + String(repeating: "]", count: deep)
        #expect(JSONValue.parse(allowed) != nil)
        for depth in [2001, 200_000] {
            let text = String(repeating: "[{\"a\":", count: depth)
            #expect(JSONValue.parse(text) == nil)
        }
    }
}
