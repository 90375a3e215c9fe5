extension HTMLRenderer {
    /// Parses and renders inline text (a paragraph's or heading's raw text).
    mutating func renderInlines(_ text: String) {
        let bytes = Array(text.utf8)
        var parser = InlineParser(bytes, start: 0, end: bytes.count, definitions: definitions)
        parser.parse()
        renderTokens(parser)
    }

    /// Writes parsed inline tokens; inside an image only their text is written, as alt text.
    mutating func renderTokens(_ parser: InlineParser) {
        let s = parser.s
        var imageDepth = 0
        for token in parser.tokens {
            switch token.kind {
            case .text, .bracket:
                HTMLEscaping.appendText(s[token.start..<token.end], to: &out)
            case .delimiter:
                if imageDepth == 0 {
                    for tag in token.closes { raw(tag == 2 ? "</strong>" : "</em>") }
                }
                HTMLEscaping.appendText(s[token.start..<token.end], to: &out)
                if imageDepth == 0 {
                    for tag in token.opens.reversed() { raw(tag == 2 ? "<strong>" : "<em>") }
                }
            case .softBreak:
                out.append(0x0A)
            case .hardBreak:
                if imageDepth == 0 { raw("<br />") }
                out.append(0x0A)
            case .code:
                if imageDepth == 0 { raw("<code>") }
                appendCode(s[token.start..<token.end])
                if imageDepth == 0 { raw("</code>") }
            case .html:
                out.append(contentsOf: s[token.start..<token.end])
            case .literal:
                HTMLEscaping.appendText(parser.literals[token.payload], to: &out)
            case .linkOpen:
                guard imageDepth == 0 else { break }
                let link = parser.links[token.payload]
                raw("<a href=\"")
                HTMLEscaping.appendAttribute(link.destination, to: &out)
                raw("\"")
                if let title = link.title {
                    raw(" title=\"")
                    HTMLEscaping.appendAttribute(title, to: &out)
                    raw("\"")
                }
                raw(">")
            case .linkClose:
                if imageDepth == 0 { raw("</a>") }
            case .imageOpen:
                if imageDepth == 0 {
                    raw("<img src=\"")
                    HTMLEscaping.appendAttribute(parser.links[token.payload].destination, to: &out)
                    raw("\" alt=\"")
                }
                imageDepth += 1
            case .imageClose:
                imageDepth -= 1
                if imageDepth == 0 {
                    raw("\"")
                    if let title = parser.links[token.payload].title {
                        raw(" title=\"")
                        HTMLEscaping.appendAttribute(title, to: &out)
                        raw("\"")
                    }
                    raw(" />")
                }
            }
        }
    }

    /// Writes code span content, escaped, with line endings as spaces.
    mutating func appendCode(_ bytes: ArraySlice<UInt8>) {
        HTMLEscaping.appendText(bytes.lazy.map { $0 == 0x0A ? 0x20 : $0 }, to: &out)
    }
}
