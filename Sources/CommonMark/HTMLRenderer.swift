/// Renders a block tree to HTML the way the CommonMark reference renderers do.
struct HTMLRenderer {
    /// Link reference definitions for resolving reference links.
    let definitions: [String: LinkDefinition]
    /// Replacement HTML for code blocks; when it returns nil the block renders normally.
    let codeBlockHTML: ((CodeBlock) -> String?)?
    /// The HTML written so far, as UTF-8.
    var out: [UInt8] = []

    /// Creates a renderer that resolves reference links with `definitions`.
    init(
        definitions: [String: LinkDefinition], codeBlockHTML: ((CodeBlock) -> String?)? = nil
    ) {
        self.definitions = definitions
        self.codeBlockHTML = codeBlockHTML
        out.reserveCapacity(256)
    }

    /// The HTML written so far.
    var result: String { String(decoding: out, as: UTF8.self) }

    /// Starts a new line unless the output is empty or already ends one.
    mutating func cr() {
        if let last = out.last, last != 0x0A { out.append(0x0A) }
    }

    /// Appends ASCII markup.
    mutating func raw(_ text: StaticString) {
        out.append(
            contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Renders blocks in order; paragraphs directly in the items of a tight list lose their
    /// `<p>` tags.
    mutating func render(_ blocks: [MarkdownBlock], tight: Bool = false) {
        for block in blocks { render(block, tight: tight) }
    }

    /// Renders one block.
    mutating func render(_ block: MarkdownBlock, tight: Bool) {
        switch block {
        case .paragraph(let paragraph):
            if tight {
                renderInlines(paragraph.text)
            } else {
                cr()
                raw("<p>")
                renderInlines(paragraph.text)
                raw("</p>")
                cr()
            }
        case .heading(let heading):
            let digit = UInt8(ascii: "0") + UInt8(clamping: heading.level)
            cr()
            raw("<h")
            out.append(digit)
            raw(">")
            renderInlines(heading.text)
            raw("</h")
            out.append(digit)
            raw(">")
            cr()
        case .thematicBreak:
            cr()
            raw("<hr />")
            cr()
        case .blockQuote(let children, _, _):
            cr()
            raw("<blockquote>")
            cr()
            render(children)
            cr()
            raw("</blockquote>")
            cr()
        case .list(let list):
            renderList(list)
        case .codeBlock(let code):
            if let html = codeBlockHTML?(code) {
                cr()
                out.append(contentsOf: html.utf8)
                cr()
            } else {
                renderCode(code)
            }
        case .htmlBlock(let html):
            cr()
            out.append(contentsOf: html.literal.utf8)
            cr()
        }
    }

    /// Renders a list and its items.
    mutating func renderList(_ list: MarkdownList) {
        cr()
        var ordered = false
        switch list.marker {
        case .ordered(let start, _):
            ordered = true
            if start == 1 {
                raw("<ol>")
            } else {
                raw("<ol start=\"")
                out.append(contentsOf: String(start).utf8)
                raw("\">")
            }
        case .bullet:
            raw("<ul>")
        }
        cr()
        for item in list.items {
            raw("<li>")
            render(item.blocks, tight: list.isTight)
            raw("</li>")
            cr()
        }
        cr()
        if ordered { raw("</ol>") } else { raw("</ul>") }
        cr()
    }

    /// Renders a code block, with `class="language-X"` from the first word of its info.
    mutating func renderCode(_ code: CodeBlock) {
        cr()
        raw("<pre><code")
        if let language = code.language {
            raw(" class=\"language-")
            HTMLEscaping.appendAttribute(language.utf8, to: &out)
            raw("\"")
        }
        raw(">")
        HTMLEscaping.appendText(code.literal.utf8, to: &out)
        raw("</code></pre>")
        cr()
    }
}
