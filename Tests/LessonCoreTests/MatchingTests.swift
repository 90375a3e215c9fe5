import LessonCore
import Testing

/// Placeholders, ellipses, unordered matching and tolerances.
struct MatchingTests {
    @Test(arguments: [
        ("{int}", "-42", true), ("{int}", "4.2", false), ("{float}", "3.25", true),
        ("{float}", "1e-3", true), ("{hex}", "0xdeadBEEF", true), ("{hex}", "xyz", false),
        ("{time}", "09:05:59", true), ("{time}", "9:05:59", false),
        ("{uuid}", "123E4567-e89b-12d3-a456-426614174000", true), ("{uuid}", "123-456", false),
        ("took {float}s", "took 1.5s", true), ("{any} done", "all done", true),
        ("{any} done", "all done!", false), ("{int}{int}", "12", true), ("{nope}", "{nope}", true),
        ("a{any}b{any}c", "a-b-b-c", true), ("{int}", "", false),
    ])
    func placeholders(pattern: String, text: String, matches: Bool) {
        #expect(LinePattern(Substring(pattern)).matches(text) == matches)
    }

    func lines(_ texts: [String]) -> [ExpectedLine] {
        texts.enumerated().map { ExpectedLine(raw: $0.element, sourceLine: $0.offset + 1) }
    }

    func output(_ texts: [String]) -> [OutputLine] {
        texts.enumerated().map { OutputLine(t: Double($0.offset), stream: .stdout, text: $0.element) }
    }

    @Test func ellipsisMatchesZeroOrMoreLines() {
        #expect(OutputMatcher.ordered(lines(["a", "...", "z"]), output(["a", "z"])).textMatches)
        #expect(OutputMatcher.ordered(lines(["a", "...", "z"]), output(["a", "b", "c", "z"])).textMatches)
        #expect(!OutputMatcher.ordered(lines(["a", "...", "z"]), output(["a", "b"])).textMatches)
        #expect(OutputMatcher.ordered(lines(["..."]), output([])).textMatches)
    }

    @Test func unorderedIsAMultisetMatch() {
        #expect(OutputMatcher.unordered(lines(["x", "x", "y"]), output(["y", "x", "x"])).textMatches)
        #expect(!OutputMatcher.unordered(lines(["x", "x", "y"]), output(["y", "x", "y"])).textMatches)
        // A greedy match would give "{any}" the only "b" and fail; a real matching does not.
        #expect(OutputMatcher.unordered(lines(["{any}", "b"]), output(["b", "a"])).textMatches)
        #expect(OutputMatcher.unordered(lines(["a", "..."]), output(["q", "a", "r"])).textMatches)
    }

    @Test func defaultToleranceTellsOneSecondFromTwo() {
        #expect(Tolerance.standard.window(for: 0.2) == 0.15)
        #expect(abs(Tolerance.standard.window(for: 3) - 0.3) < 1e-9)
        #expect(Tolerance.standard.accepts(1.14, expected: 1))
        #expect(!Tolerance.standard.accepts(2, expected: 1))
        #expect(Tolerance(parsing: "10%") == .fraction(0.1))
        #expect(Tolerance(parsing: "150ms") == .seconds(0.15))
        #expect(Tolerance(parsing: "fast") == nil)
    }

    @Test func stampsAreParsedFromExpectedLines() {
        #expect(ExpectedLine(raw: "[1.5s] done", sourceLine: 1).stamp == 1.5)
        #expect(ExpectedLine(raw: "[200ms] early", sourceLine: 1).stamp == 0.2)
        #expect(ExpectedLine(raw: "[x] list item", sourceLine: 1).stamp == nil)
    }

    @Test func sha256MatchesKnownDigests() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(String(repeating: "a", count: 1000)).count == 64)
    }
}
