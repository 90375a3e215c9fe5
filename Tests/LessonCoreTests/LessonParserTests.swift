import LessonCore
import Testing

/// The lesson parser: positions, attributes, and every diagnostic with its location.
struct LessonParserTests {
    /// A compact dump of what the parser understood, with positions, for golden comparison.
    static func dump(_ lesson: Lesson) -> String {
        var lines = ["title: \(lesson.title)"]
        for snippet in lesson.snippets {
            var words = [
                "snippet \(snippet.id) @\(snippet.line):\(snippet.column) code@\(snippet.codeLine) \(snippet.mode.rawValue)"
            ]
            if snippet.expectedExit != 0 { words.append("exit=\(snippet.expectedExit)") }
            if snippet.expectsCrash { words.append("crash") }
            if let timeout = snippet.timeout { words.append("timeout=\(timeout)") }
            lines.append(words.joined(separator: " "))
            for block in snippet.expectations {
                var text = "  \(block.kind.rawValue) @\(block.line):\(block.column) lines \(block.contentLines)"
                if block.unordered { text += " unordered" }
                if let elapsed = block.elapsed { text += " elapsed=\(elapsed)" }
                lines.append(text)
                for line in block.lines {
                    lines.append(
                        "    \(line.sourceLine): \(line.stamp.map { "[\($0)] " } ?? "")\(line.isEllipsis ? "<ellipsis>" : line.raw)"
                    )
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    @Test func snippetsAndExpectationsWithPositions() {
        let source = """
            ---
            title: Fences everywhere
            timeout: 5s
            ---
            Intro.

            - item

              ````swift id=in-list exit=2
              print("a")
              ````
              ```output unordered
              [0.5s] a
              ...
              ```

            > ~~~swift crash
            > fatalError()
            > ~~~

                ```swift
                indented code, not a fence
                ```

            ```markdown
            ```swift
            inside another fence
            ```
            """
        let (lesson, problems) = LessonParser.parse(source, path: "l.md")
        #expect(problems.isEmpty)
        #expect(lesson.timeout == 5)
        #expect(
            Self.dump(lesson) == """
                title: Fences everywhere
                snippet in-list @9:3 code@10 run exit=2
                  output @12:3 lines 13..<15 unordered
                    13: [0.5] [0.5s] a
                    14: <ellipsis>
                snippet 2 @17:3 code@18 run crash
                """)
    }

    @Test func hiddenLinesAreCompiledButNotShown() {
        let source = "```swift\n// snippet.hide\nimport Foundation\n// snippet.show\nprint(1)\n```\n"
        let (lesson, _) = LessonParser.parse(source, path: "l.md")
        #expect(lesson.snippets[0].code.contains("import Foundation"))
        #expect(lesson.snippets[0].visibleCode == "print(1)\n")
    }

    @Test func everyProblemIsReportedWithItsLocation() {
        let source = """
            ---
            title: Bad
            colour: blue
            ---
            ```swift frobnicate exit=abc
            ```

            ```output sorted
            [1.0x] nope
            ```

            text

            ```stderr
            orphan
            ```

            ```swift id=a
            ```
            ```swift id=a timeout=soon
            ```
            ```diagnostics
            x
            ```
            ```swift
            never closed
            """
        let (_, problems) = LessonParser.parse(source, path: "bad.md")
        let found = problems.map { "\($0.line):\($0.column) \($0.message.prefix(20))" }
        #expect(
            found == [
                "3:1 unknown front matter",
                "5:10 unknown snippet attr",
                "5:21 exit status 'abc' is",
                "8:11 unknown 'output' att",
                "9:1 '[1.0x]' is not a ti",
                "14:1 this 'stderr' block ",
                "20:1 snippet id 'a' is al",
                "20:15 timeout 'soon' is no",
                "22:1 a 'diagnostics' bloc",
                "25:1 this code fence is n",
            ])
        #expect(
            problems[0].formatted(source: source)
                == "bad.md:3:1: error: unknown front matter key 'colour'; known: title, summary, timeout, hints\ncolour: blue\n^"
        )
    }

    @Test func unclosedFrontMatterIsReportedAtItsStart() {
        let (_, problems) = LessonParser.parse("---\ntitle: x\n\n# body\n", path: "f.md")
        #expect(problems.map(\.line) == [1])
    }
}

/// `feature=`: repeatable and comma-separated, in order, without duplicates; a word that
/// cannot be a feature name is a located error.
struct FeatureAttributeTests {
    @Test func featuresAreCollectedInOrder() {
        let source = """
            ```swift feature=NonisolatedNonsendingByDefault,ExistentialAny feature=InferIsolatedConformances
            ```
            ```swift feature=ExistentialAny feature=ExistentialAny
            ```
            ```swift
            ```
            """
        let (lesson, problems) = LessonParser.parse(source, path: "f.md")
        #expect(problems.isEmpty)
        #expect(
            lesson.snippets.map(\.features) == [
                ["NonisolatedNonsendingByDefault", "ExistentialAny", "InferIsolatedConformances"],
                ["ExistentialAny"], [],
            ])
    }

    @Test func malformedFeatureNamesAreLocatedErrors() {
        let source = """
            text

            ```swift id=x feature=Good,,9Lives feature=
            ```
            """
        let (_, problems) = LessonParser.parse(source, path: "f.md")
        #expect(
            problems.map { "\($0.line):\($0.column) \($0.message)" } == [
                "3:15 feature '' is not a feature name like NonisolatedNonsendingByDefault",
                "3:15 feature '9Lives' is not a feature name like NonisolatedNonsendingByDefault",
                "3:36 feature '' is not a feature name like NonisolatedNonsendingByDefault",
            ])
    }
}

/// `isolation=`: the snippet's default isolation, spelled as `swiftc -default-isolation`
/// spells it; any other value is a located error.
struct IsolationAttributeTests {
    @Test func knownValuesAreRead() {
        let source = """
            ```swift isolation=MainActor
            ```
            ```swift isolation=nonisolated
            ```
            ```swift
            ```
            """
        let (lesson, problems) = LessonParser.parse(source, path: "f.md")
        #expect(problems.isEmpty)
        #expect(lesson.snippets.map(\.defaultIsolation) == [.mainActor, .nonisolated, nil])
    }

    @Test func anUnknownValueIsALocatedError() {
        let source = """
            text

            ```swift id=x isolation=mainactor
            ```
            ```swift isolation=
            ```
            """
        let (lesson, problems) = LessonParser.parse(source, path: "f.md")
        #expect(
            problems.map { "\($0.line):\($0.column) \($0.message)" } == [
                "3:15 isolation 'mainactor' is not a default isolation; known: MainActor or nonisolated",
                "5:10 isolation '' is not a default isolation; known: MainActor or nonisolated",
            ])
        #expect(lesson.snippets.map(\.defaultIsolation) == [nil, nil])
    }
}

/// Exercise snippets: their hints, and the mistakes an author can make with them.
struct ExerciseParserTests {
    @Test func anExerciseKeepsItsExpectationsAndHintsInOrder() {
        let source = """
            ```swift exercise id=two
            print("one")
            ```

            ```output
            two
            ```

            ```hint
            Print *two*.
            ```

            ```hint
            Change the string.
            ```
            """
        let (lesson, diagnostics) = LessonParser.parse(source, path: "x.md")
        #expect(diagnostics.isEmpty)
        let snippet = lesson.snippets[0]
        #expect(snippet.mode == .exercise)
        #expect(snippet.mode.runs)
        #expect(snippet.expectations.map(\.kind) == [.output])
        #expect(snippet.hints == [Hint(text: "Print *two*.", line: 9), Hint(text: "Change the string.", line: 13)])
    }

    @Test func hintsAndExercisesOutOfPlaceAreLocatedErrors() {
        let source = """
            ```swift
            print("a")
            ```

            ```hint
            not an exercise
            ```

            ```swift exercise
            print("b")
            ```

            ```swift exercise skip
            print("c")
            ```

            ```hint
            ```
            """
        let (_, diagnostics) = LessonParser.parse(source, path: "x.md")
        let found = diagnostics.map { "\($0.line):\($0.column) \($0.message)" }
        #expect(
            found == [
                "5:1 a 'hint' block belongs to an exercise; add 'exercise' to the swift snippet before it",
                "9:1 an 'exercise' snippet needs an 'output' or 'stderr' block that its solution passes and its starter fails",
                "13:19 'skip' conflicts with 'exercise'; a snippet has one of skip, compile, compile-fail, prelude, exercise",
                "17:1 a 'hint' block belongs to an exercise; add 'exercise' to the swift snippet before it",
            ], "\(found)")
    }
}
