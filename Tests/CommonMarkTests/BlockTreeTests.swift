import CommonMark
import Testing

/// Golden tests of the block tree and its source positions.
@Suite struct BlockTreeTests {
    /// Parses markdown and returns the debug dump of its block tree.
    func tree(_ markdown: String) -> String {
        CommonMark.parse(markdown).debugDescription
    }

    @Test func fencesInsideAListItem() {
        let markdown = """
            - a

              ```swift
              let x = 1
              ```

              ```output
              1
              ```

            """
        #expect(
            tree(markdown) == """
                document
                  list(bullet "-", loose, 1:1, lines: 1...9)
                    item(1:1, lines: 1...9)
                      paragraph(1:3, lines: 1...1, text: "a")
                      codeBlock(fenced, 3`, info: "swift", fence: 3:3, content: 4...4, closed: 5, literal: "let x = 1\\n")
                      codeBlock(fenced, 3`, info: "output", fence: 7:3, content: 8...8, closed: 9, literal: "1\\n")

                """)
    }

    @Test func tildeFenceInsideABlockQuote() {
        #expect(
            tree("> ~~~ swift compile\n> a\n> ~~~\n") == """
                document
                  blockQuote(1:1, lines: 1...3)
                    codeBlock(fenced, 3~, info: "swift compile", fence: 1:3, content: 2...2, closed: 3, literal: "a\\n")

                """)
    }

    @Test func unclosedFenceInABlockQuoteEndsWithTheQuote() {
        #expect(
            tree("> ```\n> quoted\n\nafter\n") == """
                document
                  blockQuote(1:1, lines: 1...2)
                    codeBlock(fenced, 3`, info: "", fence: 1:3, content: 2...2, closed: unclosed, literal: "quoted\\n")
                  paragraph(4:1, lines: 4...4, text: "after")

                """)
    }

    @Test func longFenceNeedsAClosingFenceAtLeastAsLong() {
        #expect(
            tree("`````\n```\nstill code\n`````\n") == """
                document
                  codeBlock(fenced, 5`, info: "", fence: 1:1, content: 2...3, closed: 4, literal: "```\\nstill code\\n")

                """)
        #expect(
            tree("~~~~\nabc\n~~~\n~~~~~~\n") == """
                document
                  codeBlock(fenced, 4~, info: "", fence: 1:1, content: 2...3, closed: 4, literal: "abc\\n~~~\\n")

                """)
    }

    @Test func unclosedFenceRunsToTheEndOfTheDocument() {
        #expect(
            tree("```\nnever closed\n\n") == """
                document
                  codeBlock(fenced, 3`, info: "", fence: 1:1, content: 2...3, closed: unclosed, literal: "never closed\\n\\n")

                """)
    }

    @Test func unclosedFenceInAListItemEndsWithTheItem() {
        #expect(
            tree("- ```\n  code\n\ntext\n") == """
                document
                  list(bullet "-", tight, 1:1, lines: 1...3)
                    item(1:1, lines: 1...3)
                      codeBlock(fenced, 3`, info: "", fence: 1:3, content: 2...3, closed: unclosed, literal: "code\\n\\n")
                  paragraph(4:1, lines: 4...4, text: "text")

                """)
    }

    @Test func fencesInsideIndentedCodeAreContent() {
        #expect(
            tree("    ```\n    code\n    ```\n") == """
                document
                  codeBlock(indented, at: 1:5, content: 1...3, literal: "```\\ncode\\n```\\n")

                """)
    }

    @Test func fenceInsideAFenceIsContent() {
        #expect(
            tree("````md\n```swift\nx\n```\n````\n") == """
                document
                  codeBlock(fenced, 4`, info: "md", fence: 1:1, content: 2...4, closed: 5, literal: "```swift\\nx\\n```\\n")

                """)
    }

    @Test func tabsFollowTheSpecTabStops() {
        // A tab before a fence is four columns of indentation: indented code, not a fence.
        #expect(
            tree("\t```\tswift\n\tx\n\t```\n") == """
                document
                  codeBlock(indented, at: 1:2, content: 1...3, literal: "```\\tswift\\nx\\n```\\n")

                """)
        // In a list item, a tab is consumed partially and the rest becomes spaces.
        #expect(
            tree("- ```\n\tfoo\n  ```\n") == """
                document
                  list(bullet "-", tight, 1:1, lines: 1...3)
                    item(1:1, lines: 1...3)
                      codeBlock(fenced, 3`, info: "", fence: 1:3, content: 2...2, closed: 3, literal: "  foo\\n")

                """)
    }

    @Test func fenceIndentationIsRemovedFromContent() {
        #expect(
            tree("  ```\n  aaa\naaa\n   ```\n") == """
                document
                  codeBlock(fenced, 3`, info: "", fence: 1:3, content: 2...3, closed: 4, literal: "aaa\\naaa\\n")

                """)
    }

    @Test func backtickFenceInfoMayNotContainBackticks() {
        #expect(
            tree("``` a`b\n```\n") == """
                document
                  paragraph(1:1, lines: 1...1, text: "``` a`b")
                  codeBlock(fenced, 3`, info: "", fence: 2:1, content: none, closed: unclosed, literal: "")

                """)
    }

    @Test func infoStringResolvesEscapesAndEntities() {
        let code = CommonMark.parse("~~~ sw\\*ift id=&quot;x&quot; `ok`  \n~~~\n").codeBlocks
        #expect(code.map(\.info) == ["sw*ift id=\"x\" `ok`"])
        #expect(code.first?.language == "sw*ift")
    }

    @Test func headingsBreaksHTMLAndListsCarryPositions() {
        #expect(
            tree("# Title #\n\nText\n===\n\n***\n<div>\nhi\n</div>\n\n3) x\n4) y\n") == """
                document
                  heading(atx 1, 1:1, lines: 1...1, text: "Title")
                  heading(setext 1, 3:1, lines: 3...4, text: "Text")
                  thematicBreak(6:1)
                  htmlBlock(7:1, lines: 7...9)
                  list(ordered 3), tight, 11:1, lines: 11...12)
                    item(11:1, lines: 11...11)
                      paragraph(11:4, lines: 11...11, text: "x")
                    item(12:1, lines: 12...12)
                      paragraph(12:4, lines: 12...12, text: "y")

                """)
    }

    @Test func codeBlocksAreWalkedInDocumentOrder() {
        let document = CommonMark.parse("```a\n```\n> - ```b\n>   ```\n\n    c\n")
        #expect(document.codeBlocks.map(\.info) == ["a", "b", ""])
        #expect(
            document.codeBlocks.map(\.fenceLocation) == [
                SourceLocation(line: 1, column: 1), SourceLocation(line: 3, column: 5),
                SourceLocation(line: 6, column: 5),
            ])
    }

    @Test func fencedBlockFollowingSkipsOnlyBlankLines() {
        let markdown = """
            ```swift
            print(1)
            ```

            ```output
            1
            ```

            ```swift
            a
            ```

            [x]: /url

            ```output
            b
            ```
            text
            """
        let document = CommonMark.parse(markdown)
        let code = document.codeBlocks
        #expect(code.count == 4)
        #expect(document.fencedBlock(following: code[0])?.info == "output")
        #expect(document.fencedBlock(following: code[1])?.info == "swift")
        // A link reference definition between the blocks is not a blank line.
        #expect(document.fencedBlock(following: code[2]) == nil)
        #expect(document.fencedBlock(following: code[3]) == nil)
        if case .paragraph(let paragraph)? = document.block(following: code[3]) {
            #expect(paragraph.text == "text")
        } else {
            Issue.record("expected the paragraph after the last block")
        }
        #expect(document.definitions["X"] == LinkDefinition(destination: "/url", title: nil))
        #expect(document.definitionLines == [13...13])
    }

    @Test func fencedBlockFollowingStaysInItsContainer() {
        let document = CommonMark.parse("- ```swift\n  a\n  ```\n\n```output\nb\n```\n")
        let code = document.codeBlocks
        #expect(code.count == 2)
        #expect(document.fencedBlock(following: code[0]) == nil)
    }
}
