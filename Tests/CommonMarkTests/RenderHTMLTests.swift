import CommonMark
import Testing

/// HTML rendering beyond the spec examples: line endings, NUL, escaping, nesting.
@Suite struct RenderHTMLTests {
    @Test func carriageReturnLineEndingsAreLineEndings() {
        #expect(
            CommonMark.renderHTML("# A\r\n\r\n```\r\nx\r\n```\r\n") == """
                <h1>A</h1>
                <pre><code>x
                </code></pre>

                """)
        #expect(CommonMark.renderHTML("a\rb") == "<p>a\nb</p>\n")
    }

    @Test func nulBecomesTheReplacementCharacter() {
        #expect(CommonMark.renderHTML("a\u{0}b") == "<p>a\u{FFFD}b</p>\n")
    }

    @Test func emptyInputRendersNothing() {
        #expect(CommonMark.renderHTML("") == "")
        #expect(CommonMark.parse("\n\n").blocks.isEmpty)
    }

    @Test func textAndAttributesAreEscaped() {
        #expect(
            CommonMark.renderHTML("[a<b](/x?a=1&b=\"2\" 'it\\'s') & <tag>") == """
                <p><a href="/x?a=1&amp;b=%222%22" title="it&#39;s">a&lt;b</a> &amp; <tag></p>

                """)
        #expect(HTMLEscaping.escapeText("<a href='x'>\"") == "&lt;a href='x'&gt;&quot;")
        #expect(HTMLEscaping.escapeAttribute("'\"&") == "&#39;&quot;&amp;")
    }

    @Test func nestedEmphasisLinksAndImages() {
        #expect(
            CommonMark.renderHTML("***a** b* [![*i*](/i.png \"t\")](/u) `c`  \nd") == """
                <p><em><strong>a</strong> b</em> <a href="/u"><img src="/i.png" alt="i" \
                title="t" /></a> <code>c</code><br />
                d</p>

                """)
    }

    @Test func nonASCIIPunctuationAndSymbolsAffectFlanking() {
        // A currency symbol before `*` makes it punctuation-adjacent (0.31 rule).
        #expect(
            CommonMark.renderHTML("*$*alpha.\n\n*£*bravo.") == """
                <p>*$*alpha.</p>
                <p>*£*bravo.</p>

                """)
    }

    @Test func namedEntitiesBeyondTheSpecExamples() {
        #expect(
            CommonMark.renderHTML("&hellip; &rarr; &NotANamedEntity;") == """
                <p>… → &amp;NotANamedEntity;</p>

                """)
    }

    @Test func codeBlockHookReplacesChosenBlocks() {
        let document = CommonMark.parse("> ```swift\n> let x = 1\n> ```\n\n```text\nplain\n```\n")
        let html = CommonMark.renderHTML(document) { code in
            code.language == "swift" ? "<div class=\"snippet\">\(code.literal)</div>" : nil
        }
        #expect(
            html == """
                <blockquote>
                <div class="snippet">let x = 1
                </div>
                </blockquote>
                <pre><code class="language-text">plain
                </code></pre>

                """)
    }

    @Test func inlineTextRendersWithDefinitions() {
        let definitions = ["REF": LinkDefinition(destination: "/r", title: "T")]
        #expect(
            CommonMark.renderInlineHTML("*a* [ref] `c`", definitions: definitions)
                == "<em>a</em> <a href=\"/r\" title=\"T\">ref</a> <code>c</code>")
    }

    @Test func deepNestingIsCappedInsteadOfOverflowingTheStack() {
        let html = CommonMark.renderHTML(String(repeating: "> ", count: 10_000) + "a")
        #expect(
            html.split(separator: "<blockquote>", omittingEmptySubsequences: false).count - 1 == 64)
        #expect(html.contains("<p>&gt; &gt; "))
    }

    @Test func unclosedRawHTMLStaysText() {
        let html = CommonMark.renderHTML("x " + String(repeating: "<!--", count: 20_000))
        #expect(html.hasPrefix("<p>x &lt;!--&lt;!--"))
        #expect(html.hasSuffix("&lt;!--</p>\n"))
    }
}
