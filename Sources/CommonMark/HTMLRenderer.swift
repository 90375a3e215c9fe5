/// Renders the block parser's tree to HTML the way the CommonMark reference renderers do.
struct HTMLRenderer {
    /// Link reference definitions for resolving reference links.
    let definitions: [String: RawDefinition]
    /// The HTML written so far, as UTF-8.
    var out: [UInt8] = []

    /// Creates a renderer that resolves reference links with `definitions`.
    init(definitions: [String: RawDefinition]) {
        self.definitions = definitions
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

    /// Renders the children of a container; paragraphs directly in the items of a tight list
    /// lose their `<p>` tags.
    mutating func renderChildren(of node: BlockNode, tight: Bool = false) {
        for child in node.children { render(child, tight: tight) }
    }

    /// Renders one block.
    mutating func render(_ node: BlockNode, tight: Bool) {
        switch node.kind {
        case .document:
            renderChildren(of: node)
        case .paragraph:
            if tight {
                renderInlines(node.content)
            } else {
                cr()
                raw("<p>")
                renderInlines(node.content)
                raw("</p>")
                cr()
            }
        case .heading:
            cr()
            raw("<h")
            out.append(UInt8(ascii: "0") + UInt8(node.level))
            raw(">")
            renderInlines(node.content)
            raw("</h")
            out.append(UInt8(ascii: "0") + UInt8(node.level))
            raw(">")
            cr()
        case .thematicBreak:
            cr()
            raw("<hr />")
            cr()
        case .blockQuote:
            cr()
            raw("<blockquote>")
            cr()
            renderChildren(of: node)
            cr()
            raw("</blockquote>")
            cr()
        case .list:
            renderList(node)
        case .item:
            raw("<li>")
            renderChildren(of: node, tight: tight)
            raw("</li>")
            cr()
        case .codeBlock:
            renderCode(node)
        case .htmlBlock:
            cr()
            out.append(contentsOf: node.content)
            cr()
        }
    }

    /// Renders a list and its items.
    mutating func renderList(_ node: BlockNode) {
        let data = node.listData
        cr()
        if data.isOrdered {
            if data.start == 1 {
                raw("<ol>")
            } else {
                raw("<ol start=\"")
                out.append(contentsOf: String(data.start).utf8)
                raw("\">")
            }
        } else {
            raw("<ul>")
        }
        cr()
        for item in node.children { render(item, tight: data.isTight) }
        cr()
        if data.isOrdered { raw("</ol>") } else { raw("</ul>") }
        cr()
    }

    /// Renders a code block, with `class="language-X"` from the first word of its info.
    mutating func renderCode(_ node: BlockNode) {
        cr()
        raw("<pre><code")
        let info = CharacterReference.unescape(node.info, 0, node.info.count)
        var start = 0
        while start < info.count, info[start] == 0x20 || info[start] == 0x09 { start += 1 }
        var end = start
        while end < info.count, info[end] != 0x20, info[end] != 0x09 { end += 1 }
        if end > start {
            raw(" class=\"language-")
            HTMLEscaping.appendAttribute(info[start..<end], to: &out)
            raw("\"")
        }
        raw(">")
        HTMLEscaping.appendText(node.content, to: &out)
        raw("</code></pre>")
        cr()
    }
}
