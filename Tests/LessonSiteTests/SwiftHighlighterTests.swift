import LessonSite
import Testing

/// The Swift tokenizer: lossless, and right about the kinds that matter for reading.
@Suite struct SwiftHighlighterTests {
    func kinds(_ source: String) -> [(SwiftToken.Kind, String)] {
        SwiftHighlighter.tokenize(source).filter { $0.kind != .plain }.map { ($0.kind, $0.text) }
    }

    @Test(arguments: [
        "let x = 1\n",
        "print(\"a \\(b + \"c\\(d)\") e\")",
        "let s = \"\"\"\n  line \\(x)\n  \"quoted\"\n  \"\"\"\nlet y = 2",
        "let r = #\"raw \\(no) \\#(yes)\"#",
        "/* outer /* inner */ still */ let z = 0x1F_FF + 1.5e-3",
        "\"unterminated\nlet next = 1",
        "@MainActor final class A: Sendable { nonisolated(unsafe) var v = [1, 2] }",
        "#if os(Linux)\nimport Glibc\n#endif",
        "",
        "let emoji = \"☕️\" // café",
    ])
    func concatenatedTokensGiveBackTheSource(_ source: String) {
        #expect(SwiftHighlighter.tokenize(source).map(\.text).joined() == source)
    }

    @Test func keywordsTypesNumbersAndAttributes() {
        let found = kinds(
            "@MainActor func brew(_ n: Int) async throws -> String { try await Task.sleep(for: .seconds(1)) }")
        #expect(found.contains { $0 == (.attribute, "@MainActor") })
        #expect(found.contains { $0 == (.keyword, "func") })
        #expect(found.contains { $0 == (.keyword, "async") })
        #expect(found.contains { $0 == (.keyword, "await") })
        #expect(found.contains { $0 == (.type, "Int") })
        #expect(found.contains { $0 == (.type, "Task") })
        #expect(found.contains { $0 == (.number, "1") })
        #expect(!found.contains { $0.1 == "brew" || $0.1 == "seconds" })
    }

    @Test func interpolationIsCodeInsideAString() {
        let found = kinds("print(\"cup \\(n + 1) of \\(\"x\")\")")
        #expect(found.map(\.0) == [.string, .escape, .number, .escape, .string, .escape, .string, .escape, .string])
        #expect(found.first?.1 == "\"cup ")
        #expect(found.last?.1 == "\"")
    }

    @Test func multiLineAndRawStrings() {
        let found = kinds("let s = \"\"\"\n  a \"b\" c\n  \"\"\"\nlet r = #\"x \\(y)\"#")
        #expect(found.contains { $0 == (.string, "\"\"\"\n  a \"b\" c\n  \"\"\"") })
        #expect(found.contains { $0 == (.string, "#\"x \\(y)\"#") })
    }

    @Test func commentsNestAndEndAtLineEnd() {
        let found = kinds("/* a /* b */ c */ x // tail\ny")
        #expect(found.map(\.0) == [.comment, .comment])
        #expect(found[0].1 == "/* a /* b */ c */")
        #expect(found[1].1 == "// tail")
    }

    @Test func membersNamedLikeKeywordsArePlain() {
        let found = kinds("x.default + .init() + self.value")
        #expect(!found.contains { $0.1 == "default" })
        #expect(found.contains { $0 == (.keyword, "init") })
        #expect(found.contains { $0 == (.keyword, "self") })
    }

    @Test func keywordAfterACommentEndingInADot() {
        let found = kinds("/// Downloads it.\nfunc f() {}\nlet x = a.\n    default")
        #expect(found.contains { $0 == (.keyword, "func") })
        #expect(!found.contains { $0.1 == "default" })
    }

    @Test func htmlEscapesEveryToken() {
        let html = SwiftHighlighter.html("let tag = \"<b>&</b>\" // <i>")
        #expect(html.contains("<span class=\"str\">&quot;") == false)
        #expect(html.contains("<span class=\"str\">\"&lt;b&gt;&amp;&lt;/b&gt;\"</span>"))
        #expect(html.contains("<span class=\"com\">// &lt;i&gt;</span>"))
        #expect(!html.contains("<b>") && !html.contains("<i>"))
    }

    /// The nesting depth of the pathological inputs: far deeper than a thread's stack could
    /// take one call per level (about 10 KB of `"\(` crashed the recursive scanner).
    static let depth = 100_000

    @Test(arguments: [
        (opening: #""\("#, closing: #")""#),
        (opening: ##"#"\#("##, closing: ##")"#"##),
        (opening: #""""\("#, closing: #")""""#),
        (opening: ###"##"""\##("###, closing: ###")"""##"###),
    ])
    func deeplyNestedInterpolationsAreScannedWithoutRecursion(opening: String, closing: String) {
        let closed =
            String(repeating: opening, count: Self.depth) + "1" + String(repeating: closing, count: Self.depth)
        let tokens = SwiftHighlighter.tokenize(closed)
        #expect(tokens.map(\.text).joined() == closed)
        #expect(tokens.filter { $0.kind == .escape }.count == 2 * Self.depth)
        #expect(tokens.filter { $0.kind == .string }.count == 2 * Self.depth)
        #expect(tokens.filter { $0.kind == .number }.map(\.text) == ["1"])
        // Never closed: every level stays open to the end of the source.
        let unclosed = String(repeating: opening, count: Self.depth)
        let open = SwiftHighlighter.tokenize(unclosed)
        #expect(open.map(\.text).joined() == unclosed)
        #expect(open.filter { $0.kind == .escape }.count == Self.depth)
        let escape = opening[opening.firstIndex(of: "\\")!...]
        #expect(SwiftHighlighter.html(unclosed).hasSuffix("<span class=\"esc\">\(escape)</span>"))
    }

    @Test(arguments: ["(", ")", "/*", "*/", "[", "{", "\\(", "#", "\"", "`", "\"\"\"", "@", "0x"])
    func deepRunsOfEveryOtherConstructStayLossless(piece: String) {
        let source = String(repeating: piece, count: Self.depth)
        #expect(SwiftHighlighter.tokenize(source).map(\.text).joined() == source)
        let nested =
            "/*" + String(repeating: "/* " + piece, count: Self.depth) + String(repeating: "*/", count: Self.depth)
        let comment = SwiftHighlighter.tokenize(nested + "*/ x")
        #expect(comment.first?.kind == .comment)
        #expect(comment.map(\.text).joined() == nested + "*/ x")
    }
}
