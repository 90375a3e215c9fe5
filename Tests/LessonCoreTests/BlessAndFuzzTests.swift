import LessonCore
import Testing

/// `bless` rewrites only what must change; the parser survives any input.
struct BlessAndFuzzTests {
    static let lesson = """
        # Blessing

        > ```swift id=a
        > print("x")
        > ```
        >
        > ```output
        > [0.1s] start {int}
        > old line
        > ...
        > ```

        Text between stays byte for byte.\u{20}\u{20}

        ```swift id=b
        ```

        ```stderr unordered
        kept
        gone
        ```
        """

    @Test func blessKeepsMatchingLinesAndEveryByteOutsideTheBlocks() {
        let (parsed, problems) = LessonParser.parse(Self.lesson, path: "b.md")
        #expect(problems.isEmpty)
        let runs = [
            "a": RunResult(
                lines: [
                    OutputLine(t: 0.12, stream: .stdout, text: "start 42"),
                    OutputLine(t: 0.9, stream: .stdout, text: "new line"),
                    OutputLine(t: 0.95, stream: .stdout, text: "tail"),
                ], exitCode: 0, signal: nil, elapsed: 1, timedOut: false),
            "b": RunResult(
                lines: [
                    OutputLine(t: 0.1, stream: .stderr, text: "fresh"),
                    OutputLine(t: 0.2, stream: .stderr, text: "kept"),
                ], exitCode: 0, signal: nil, elapsed: 1, timedOut: false),
        ]
        let (text, changed) = Blesser.bless(parsed, runs: runs)
        #expect(changed.count == 2)
        #expect(
            text == """
                # Blessing

                > ```swift id=a
                > print("x")
                > ```
                >
                > ```output
                > [0.1s] start {int}
                > ...
                > ```

                Text between stays byte for byte.\u{20}\u{20}

                ```swift id=b
                ```

                ```stderr unordered
                kept
                fresh
                ```
                """)
        // Blessing again with the same runs changes nothing.
        let (again, _) = LessonParser.parse(text, path: "b.md")
        #expect(Blesser.bless(again, runs: runs).changed.isEmpty)
    }

    @Test func lateStampsAreRewrittenToTheMeasuredTime() {
        let source = "```swift id=a\n```\n\n```output\n[0.2s] done\n```\n"
        let (parsed, _) = LessonParser.parse(source, path: "s.md")
        let run = RunResult(
            lines: [OutputLine(t: 1.04, stream: .stdout, text: "done")], exitCode: 0, signal: nil, elapsed: 1.1,
            timedOut: false)
        #expect(Blesser.bless(parsed, runs: ["a": run]).text == "```swift id=a\n```\n\n```output\n[1.0s] done\n```\n")
    }

    @Test func anExercisesBlocksAreNeverRewrittenFromItsStartersRun() {
        let source = "```swift exercise id=a\n```\n\n```output\n[0.2s] done\n```\n"
        let (parsed, _) = LessonParser.parse(source, path: "s.md")
        let run = RunResult(
            lines: [OutputLine(t: 1.04, stream: .stdout, text: "not yet")], exitCode: 0, signal: nil, elapsed: 1.1,
            timedOut: false)
        let blessed = Blesser.bless(parsed, runs: ["a": run])
        #expect(blessed.text == source)
        #expect(blessed.changed.isEmpty)
    }

    /// Thousands of random and mutated lessons: the parser never crashes or hangs, and
    /// every diagnostic points inside the file.
    @Test func parserSurvivesRandomAndMutatedLessons() {
        var random = SplitMix(seed: 0x5eed)
        let pieces = [
            "```", "~~~", "````", "swift", " id=x", " exit=", " crash", " prelude", " unordered", "output",
            "stderr", "diagnostics", "\n", "\n\n", "> ", "- ", "1. ", "    ", "\t", "---", "title: t",
            "[1.0s] ", "...", "{int}", "\u{0}", "é", "\r\n", "`", "~", "=", " ", "# h", "<div>",
        ]
        let seedText = BlessAndFuzzTests.lesson
        for round in 0..<3000 {
            var text: String
            if round % 2 == 0 {
                text = (0..<random.next(upTo: 60)).map { _ in pieces[random.next(upTo: pieces.count)] }.joined()
            } else {
                var scalars = Array(seedText.unicodeScalars)
                for _ in 0..<random.next(upTo: 8) + 1 {
                    let at = random.next(upTo: scalars.count)
                    switch random.next(upTo: 3) {
                    case 0: scalars.remove(at: at)
                    case 1: scalars.insert(contentsOf: pieces[random.next(upTo: pieces.count)].unicodeScalars, at: at)
                    default: scalars.swapAt(at, random.next(upTo: scalars.count))
                    }
                }
                text = String(String.UnicodeScalarView(scalars))
            }
            let lineCount = LessonParser.normalizeLineEndings(text).split(
                separator: "\n", omittingEmptySubsequences: false
            ).count
            let (lesson, problems) = LessonParser.parse(text, path: "fuzz.md")
            for problem in problems {
                #expect(problem.line >= 1 && problem.line <= lineCount + 1, "\(problem.formatted())")
                #expect(problem.column >= 1)
            }
            for snippet in lesson.snippets {
                #expect(snippet.line >= 1 && snippet.line <= lineCount)
            }
        }
    }
}

/// A small seeded generator so the fuzz test is reproducible.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func next(upTo bound: Int) -> Int { bound <= 0 ? 0 : Int(next() % UInt64(bound)) }
}

/// Line endings, escapes and large blocks stay correct and bounded.
struct BlessEdgeTests {
    func run(_ texts: [String], t: Double = 0.1) -> RunResult {
        RunResult(
            lines: texts.map { OutputLine(t: t, stream: .stdout, text: $0) }, exitCode: 0, signal: nil,
            elapsed: 1, timedOut: false)
    }

    @Test func blessKeepsCRLFLineEndings() {
        let source = "# CR\r\n\r\n```swift id=a\r\nprint(1)\r\n```\r\n\r\n```output\r\n1\r\n```\r\n"
        let (lesson, problems) = LessonParser.parse(source, path: "cr.md")
        #expect(problems.isEmpty)
        let (text, changed) = Blesser.bless(lesson, runs: ["a": run(["1", "2"])])
        #expect(changed.count == 1)
        #expect(text == "# CR\r\n\r\n```swift id=a\r\nprint(1)\r\n```\r\n\r\n```output\r\n1\r\n2\r\n```\r\n")
    }

    @Test func blessEscapesLinesThatWouldReadAsSyntaxAndTheyMatchThemselves() {
        let source = "```swift id=a\n```\n\n```output\n```\n"
        let (lesson, _) = LessonParser.parse(source, path: "e.md")
        let printed = ["```", "[1.0s] hi", "{int}", "...", "\\back", "[1, 2, 3] list", "plain {nope}"]
        let (text, _) = Blesser.bless(lesson, runs: ["a": run(printed)])
        #expect(
            text == "```swift id=a\n```\n\n```output\n\\```\n\\[1.0s] hi\n\\{int}\n\\...\n\\\\back\n"
                + "[1, 2, 3] list\nplain {nope}\n```\n")
        let (blessed, problems) = LessonParser.parse(text, path: "e.md")
        #expect(problems.isEmpty)
        let checks = Checker.checkRun(blessed.snippets[0], run(printed))
        #expect(checks.filter { !$0.pass }.isEmpty, "\(checks)")
    }

    @Test func largeBlocksStayFastAndBounded() {
        let many = Array(repeating: "x", count: 3000)
        let expected = many.enumerated().map { ExpectedLine(raw: $0.element, sourceLine: $0.offset + 1) }
        let lines = run(many).lines
        // 1,500 identical lines match in one step each; 3,000 × 3,000 is past the limit.
        #expect(OutputMatcher.unordered(Array(expected.prefix(1500)), Array(lines.prefix(1500))).textMatches)
        #expect(!OutputMatcher.unordered(expected, lines).textMatches)
        // Past the comparison limit the ordered match switches to a linear-memory glob.
        #expect(OutputMatcher.ordered(expected, lines).textMatches)
        let withEllipsis = [ExpectedLine(raw: "x", sourceLine: 1), ExpectedLine(raw: "...", sourceLine: 2)]
        #expect(OutputMatcher.ordered(withEllipsis + expected, lines + lines).textMatches)
        #expect(!OutputMatcher.ordered(expected, lines + run(["y"]).lines).textMatches)
    }
}
