import LessonCore
import Testing

/// The one front-matter reader, as lessons, quizzes and the site use it.
struct FrontMatterTests {
    @Test func fieldsAndBothFormsOfHints() {
        let source = """
            ---
            title: "A title: with a colon"
            summary: 'Short'
            timeout: 5s
            # a comment
            hints:
              - first: with a colon
              - "second"
            ---
            # Body
            """
        let (front, problems) = FrontMatter.parse(source)
        #expect(problems.isEmpty)
        #expect(front.title == "A title: with a colon")
        #expect(front.summary == "Short")
        #expect(front.timeout == "5s")
        #expect(front.hints == ["first: with a colon", "second"])
        #expect(front.lines == 1...9)
        #expect(front.keyLines["timeout"] == 4)
        #expect(FrontMatter.parse("---\nhints: only one\n---\n").0.hints == ["only one"])
        #expect(front.blanked(source).split(separator: "\n", omittingEmptySubsequences: false).count == 10)
        #expect(front.removed(from: source) == "# Body")
    }

    @Test func problemsComeWithTheirLine() {
        let (_, problems) = FrontMatter.parse("---\ntitle: x\nhint: singular\nno colon here\n---\n")
        #expect(problems.map(\.line) == [3, 4])
        #expect(problems[0].message.hasSuffix("did you mean 'hints'?"))
        let (unclosed, more) = FrontMatter.parse("---\ntitle: x\n")
        #expect(unclosed.lines == nil)
        #expect(more.map(\.line) == [1])
    }

    @Test func lessonsAndQuizzesReadHintsTheSameWay() {
        let readme = "---\ntitle: Q\nhints:\n  - look here\n  - then there\n---\n# Q\n"
        let document = LessonParser.document(readme, path: "README.md")
        #expect(document.diagnostics.isEmpty)
        #expect(document.lesson.hints == ["look here", "then there"])
        #expect(Quiz.hints(in: readme) == document.lesson.hints)
        #expect(document.frontMatter.title == "Q")
    }

    @Test func theDocumentMapsTopLevelSnippetsToTheirLines() {
        let source = """
            # T

            ```swift id=a
            print(1)
            ```

            ```output
            1
            ```

            - in a list:

              ```swift id=b
              print(2)
              ```
            """
        let document = LessonParser.document(source, path: "t.md")
        #expect(document.lesson.snippets.map(\.id) == ["a", "b"])
        #expect(document.snippetBlocks == [SnippetBlock(snippet: 0, lines: 3...9)])
        #expect(document.body == source)
    }
}
