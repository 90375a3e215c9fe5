import CommonMark

/// Renders markdown prose with CommonMark, then finishes the HTML for the site: Swift code
/// blocks the lesson model does not own (for instance inside list items) are highlighted with
/// hidden lines removed, and every heading gets an anchor.
enum ProseRenderer {
    static let swiftOpening = "<pre><code class=\"language-swift\">"
    static let codeClosing = "</code></pre>"

    /// The finished HTML and the pieces (headings and text) it is made of. Reference links
    /// resolve with `definitions` when given (a whole lesson's, which hold those of each of
    /// its pieces), else with the markdown's own.
    static func render(
        _ markdown: String, definitions: [String: LinkDefinition]? = nil, anchors: inout AnchorSet
    ) -> (html: String, pieces: [PagePiece]) {
        let document = CommonMark.parse(markdown)
        let html = CommonMark.renderHTML(document.blocks, definitions: definitions ?? document.definitions)
        return finish(html, anchors: &anchors)
    }

    /// Post-processes CommonMark's HTML: highlights Swift blocks and anchors headings.
    static func finish(_ html: String, anchors: inout AnchorSet) -> (html: String, pieces: [PagePiece]) {
        var out = ""
        var pieces: [PagePiece] = []
        var rest = Substring(html)
        // The next code block and heading are searched for again only once the cursor has
        // passed them (a match ahead of the cursor is still the first one), so every byte is
        // searched a bounded number of times: linear in the page, however many headings.
        var code = rest.firstRange(of: swiftOpening)
        var heading = nextHeading(in: rest)
        while true {
            if let found = code, found.lowerBound < rest.startIndex { code = rest.firstRange(of: swiftOpening) }
            if let found = heading, found.range.lowerBound < rest.startIndex { heading = nextHeading(in: rest) }
            let useCode: Bool
            switch (code, heading) {
            case (nil, nil):
                out += rest
                appendText(rest, to: &pieces)
                return (out, pieces)
            case (let code?, let heading?): useCode = code.lowerBound < heading.range.lowerBound
            case (.some, nil): useCode = true
            case (nil, .some): useCode = false
            }
            if useCode, let code {
                out += rest[..<code.lowerBound]
                appendText(rest[..<code.lowerBound], to: &pieces)
                let body = rest[code.upperBound...]
                let end = body.firstRange(of: codeClosing)
                let content = end.map { body[..<$0.lowerBound] } ?? body
                let visible = CodeView.visible(HTML.unescapeCode(content))
                out += CodeView.block(visible)
                pieces.append(.text(visible))
                rest = end.map { body[$0.upperBound...] } ?? body[body.endIndex...]
            } else if let heading {
                out += rest[..<heading.range.lowerBound]
                appendText(rest[..<heading.range.lowerBound], to: &pieces)
                let body = rest[heading.range.upperBound...]
                let closing = "</h\(heading.level)>"
                let end = body.firstRange(of: closing)
                let inner = end.map { body[..<$0.lowerBound] } ?? body
                let text = HTML.plainText(String(inner))
                let id = anchors.claim(text)
                out +=
                    "<h\(heading.level) id=\"\(HTML.attribute(id))\">\(inner)"
                    + "<a class=\"anchor\" href=\"#\(HTML.attribute(id))\" aria-hidden=\"true\""
                    + " tabindex=\"-1\">#</a>\(closing)"
                pieces.append(.heading(id: id, level: heading.level, text: text))
                rest = end.map { body[$0.upperBound...] } ?? body[body.endIndex...]
            }
        }
    }

    /// The next `<hN>` opening tag (exactly as CommonMark writes it).
    static func nextHeading(in text: Substring) -> (range: Range<Substring.Index>, level: Int)? {
        var search = text
        while let found = search.firstRange(of: "<h") {
            let after = search[found.upperBound...]
            if let digit = after.first, let level = digit.wholeNumberValue, (1...6).contains(level),
                after.dropFirst().first == ">"
            {
                let end = after.index(after.startIndex, offsetBy: 2)
                return (found.lowerBound..<end, level)
            }
            search = after
        }
        return nil
    }

    static func appendText(_ html: Substring, to pieces: inout [PagePiece]) {
        let text = HTML.plainText(String(html))
        if !text.isEmpty { pieces.append(.text(text)) }
    }
}
