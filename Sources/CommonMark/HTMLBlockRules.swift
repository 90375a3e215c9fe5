/// The start and end conditions of the seven kinds of HTML block.
enum HTMLBlockRules {
    /// Tag names that start an HTML block of type 1, which ends at their closing tag.
    static let rawTextNames: Set<String> = ["script", "pre", "textarea", "style"]

    /// Tag names that start an HTML block of type 6, which ends at a blank line.
    static let blockNames: Set<String> = [
        "address", "article", "aside", "base", "basefont", "blockquote", "body", "caption",
        "center", "col", "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset", "h1", "h2",
        "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "iframe", "legend", "li", "link",
        "main", "menu", "menuitem", "nav", "noframes", "ol", "optgroup", "option", "p", "param",
        "search", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title",
        "tr", "track", "ul",
    ]

    /// The HTML block type (1 to 7) that a line starting with `<` at `i` opens, or 0.
    static func startType(bytes b: [UInt8], from i: Int, to end: Int) -> Int {
        guard i + 1 < end, b[i] == UInt8(ascii: "<") else { return 0 }
        let next = b[i + 1]
        if next == UInt8(ascii: "!") {
            if HTMLSyntax.hasPrefix(b, i, end, "<!--") { return 2 }
            if HTMLSyntax.hasPrefix(b, i, end, "<![CDATA[") { return 5 }
            if i + 2 < end, HTMLSyntax.isLetter(b[i + 2]) { return 4 }
            return 0
        }
        if next == UInt8(ascii: "?") { return 3 }
        let closing = next == UInt8(ascii: "/")
        let nameStart = closing ? i + 2 : i + 1
        var nameEnd = nameStart
        while nameEnd < end, HTMLSyntax.isAlphanumeric(b[nameEnd]) { nameEnd += 1 }
        guard nameEnd > nameStart else { return 0 }
        let name = String(decoding: b[nameStart..<nameEnd].map { $0 | 0x20 }, as: UTF8.self)
        let after: UInt8? = nameEnd < end ? b[nameEnd] : nil
        let delimited =
            after == nil || HTMLSyntax.isWhitespace(after!) || after == UInt8(ascii: ">")
        if !closing, delimited, rawTextNames.contains(name) { return 1 }
        if blockNames.contains(name) {
            if delimited { return 6 }
            if after == UInt8(ascii: "/"), HTMLSyntax.hasPrefix(b, nameEnd, end, "/>") {
                return 6
            }
        }
        let tagEnd =
            closing ? HTMLSyntax.scanClosingTag(b, i, end) : HTMLSyntax.scanOpenTag(b, i, end)
        guard let tagEnd else { return 0 }
        if !closing, rawTextNames.contains(name), b[nameEnd] != UInt8(ascii: "-") { return 0 }
        var j = tagEnd
        while j < end, b[j] == 0x20 || b[j] == 0x09 { j += 1 }
        return j == end ? 7 : 0
    }

    /// Whether the line `b[i..<end]` holds the end condition of an HTML block of type 1 to 5.
    static func endsBlock(type: Int, bytes b: [UInt8], from i: Int, to end: Int) -> Bool {
        switch type {
        case 1:
            var j = i
            while j + 1 < end {
                if b[j] == UInt8(ascii: "<"), b[j + 1] == UInt8(ascii: "/") {
                    var k = j + 2
                    while k < end, HTMLSyntax.isLetter(b[k]) { k += 1 }
                    if k < end, b[k] == UInt8(ascii: ">") {
                        let name = String(decoding: b[(j + 2)..<k].map { $0 | 0x20 }, as: UTF8.self)
                        if rawTextNames.contains(name) { return true }
                    }
                }
                j += 1
            }
            return false
        case 2: return HTMLSyntax.find(b, i, end, "-->") != nil
        case 3: return HTMLSyntax.find(b, i, end, "?>") != nil
        case 4: return HTMLSyntax.find(b, i, end, ">") != nil
        case 5: return HTMLSyntax.find(b, i, end, "]]>") != nil
        default: return false
        }
    }
}
