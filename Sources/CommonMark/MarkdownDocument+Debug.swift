extension MarkdownDocument: CustomDebugStringConvertible {
    /// An indented dump of the block tree with source positions, one block per line, for
    /// golden tests. Code blocks read like
    /// `codeBlock(fenced, info: "swift id=a", fence: 3:1, content: 4...6, closed: 7)`.
    package var debugDescription: String {
        var out = "document\n"
        for block in blocks { Self.dump(block, depth: 1, into: &out) }
        return out
    }

    private static func dump(_ block: MarkdownBlock, depth: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: depth)
        switch block {
        case .paragraph(let p):
            out +=
                "\(pad)paragraph(\(p.location), lines: \(span(p.lines)), text: \(quoted(p.text)))\n"
        case .heading(let h):
            let style = h.isSetext ? "setext" : "atx"
            out += "\(pad)heading(\(style) \(h.level), \(h.location), lines: \(span(h.lines)), "
            out += "text: \(quoted(h.text)))\n"
        case .thematicBreak(let location):
            out += "\(pad)thematicBreak(\(location))\n"
        case .blockQuote(let children, let location, let lines):
            out += "\(pad)blockQuote(\(location), lines: \(span(lines)))\n"
            for child in children { dump(child, depth: depth + 1, into: &out) }
        case .list(let list):
            let kind: String
            switch list.marker {
            case .bullet(let c): kind = "bullet \"\(c)\""
            case .ordered(let start, let delimiter): kind = "ordered \(start)\(delimiter)"
            }
            let tight = list.isTight ? "tight" : "loose"
            out += "\(pad)list(\(kind), \(tight), \(list.location), lines: \(span(list.lines)))\n"
            for item in list.items {
                out += "\(pad)  item(\(item.location), lines: \(span(item.lines)))\n"
                for child in item.blocks { dump(child, depth: depth + 2, into: &out) }
            }
        case .codeBlock(let code):
            out += "\(pad)\(describe(code))\n"
        case .htmlBlock(let html):
            out += "\(pad)htmlBlock(\(html.location), lines: \(span(html.lines)))\n"
        }
    }

    /// One code block as
    /// `codeBlock(fenced, info: "swift", fence: 3:1, content: 4...6, closed: 7)`.
    package static func describe(_ code: CodeBlock) -> String {
        let kind = code.isFenced ? "fenced" : "indented"
        let content = code.contentLines.map(span) ?? "none"
        let closed = code.closingLine.map(String.init) ?? "unclosed"
        var text = "codeBlock(\(kind), "
        if code.isFenced {
            text += "\(code.fenceLength)\(code.fenceCharacter.map(String.init) ?? ""), "
            text += "info: \(quoted(code.info)), fence: \(code.fenceLocation), "
        } else {
            text += "at: \(code.fenceLocation), "
        }
        text += "content: \(content)"
        if code.isFenced { text += ", closed: \(closed)" }
        return text + ", literal: \(quoted(code.literal)))"
    }

    private static func span(_ lines: ClosedRange<Int>) -> String {
        "\(lines.lowerBound)...\(lines.upperBound)"
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
