import CommonMark
import Testing

/// Markdown nested or repeated far deeper than any document needs: containers stop nesting at
/// `maxNesting` (deeper markers are text), inlines are kept flat, so parsing, rendering and
/// freeing the tree never need a call per level.
struct DeepNestingTests {
    static let depth = 20_000

    func count(_ needle: String, in html: String) -> Int { html.ranges(of: needle).count }

    @Test func blockQuotesNestToALimitAndTheRestIsText() {
        let html = CommonMark.renderHTML(String(repeating: ">", count: Self.depth) + " deep\n")
        #expect(count("<blockquote>", in: html) == 64)
        #expect(count("</blockquote>", in: html) == 64)
        #expect(html.contains("&gt;"))
    }

    @Test(arguments: ["- ", "1. ", "* ", "> - ", "- > "])
    func listItemsAndQuotesNestToALimit(marker: String) {
        var text = ""
        for level in 0..<2000 {
            text += String(repeating: " ", count: level * 2) + marker + "item\n"
        }
        let html = CommonMark.renderHTML(text)
        #expect(count("<li>", in: html) <= 64)
        #expect(count("<li>", in: html) == count("</li>", in: html))
    }

    @Test(arguments: [
        "*", "_", "**", "[", "![", "](", "`", "<", "<a ", "&#", "\\", "<!--", "[a](", "*a ", "_a ", "[[a]]",
    ])
    func deepRunsOfEveryInlineConstructRenderAsBalancedHTML(piece: String) {
        // After a word, so that no run reads as a thematic break, a fence or an HTML block.
        let text = "a " + String(repeating: piece, count: Self.depth)
        let html = CommonMark.renderHTML(text + "\n")
        #expect(html.hasPrefix("<p>") && html.hasSuffix("</p>\n"))
        #expect(count("<em>", in: html) == count("</em>", in: html))
        #expect(count("<strong>", in: html) == count("</strong>", in: html))
        #expect(count("<a href", in: html) == count("</a>", in: html))
    }

    @Test func nestedEmphasisAndLinksCloseInOrder() {
        let n = 5000
        let emphasis = String(repeating: "*a ", count: n) + "b" + String(repeating: " a*", count: n)
        let html = CommonMark.renderHTML(emphasis + "\n")
        #expect(count("<em>", in: html) == n)
        let links = String(repeating: "[", count: n) + "x" + String(repeating: "](u)", count: n)
        let linked = CommonMark.renderHTML(links + "\n")
        #expect(count("<a href=\"u\">", in: linked) == 1)
    }
}
