/// Turns the block parser's mutable tree into `MarkdownDocument` values.
enum DocumentBuilder {
    /// Builds the document from a parser that has finished.
    static func build(_ parser: BlockParser) -> MarkdownDocument {
        var definitions: [String: LinkDefinition] = [:]
        for (label, raw) in parser.definitions {
            definitions[label] = LinkDefinition(
                destination: String(decoding: raw.destination, as: UTF8.self),
                title: raw.title.map { String(decoding: $0, as: UTF8.self) })
        }
        return MarkdownDocument(
            blocks: parser.document.children.map(block),
            definitions: definitions,
            definitionLines: parser.definitionLines)
    }

    /// The value of one block node.
    static func block(_ node: BlockNode) -> MarkdownBlock {
        let location = SourceLocation(line: node.startLine, column: node.startColumn)
        let lines = node.startLine...max(node.startLine, node.endLine)
        switch node.kind {
        case .blockQuote:
            return .blockQuote(node.children.map(block), location: location, lines: lines)
        case .paragraph:
            return .paragraph(
                Paragraph(text: inlineText(node.content), location: location, lines: lines))
        case .heading:
            return .heading(
                Heading(
                    level: node.level, text: inlineText(node.content), isSetext: node.isSetext,
                    location: location, lines: lines))
        case .thematicBreak:
            return .thematicBreak(location)
        case .codeBlock:
            return .codeBlock(codeBlock(node, location: location))
        case .htmlBlock:
            return .htmlBlock(
                HTMLBlock(
                    literal: String(decoding: node.content, as: UTF8.self), location: location,
                    lines: lines))
        case .list:
            let data = node.listData
            let marker: MarkdownList.Marker =
                data.isOrdered
                ? .ordered(
                    start: data.start, delimiter: Character(Unicode.Scalar(data.delimiter)))
                : .bullet(Character(Unicode.Scalar(data.bulletChar)))
            let items = node.children.map { item in
                ListItem(
                    blocks: item.children.map(block),
                    location: SourceLocation(line: item.startLine, column: item.startColumn),
                    lines: item.startLine...max(item.startLine, item.endLine))
            }
            return .list(
                MarkdownList(
                    marker: marker, isTight: data.isTight, items: items, location: location,
                    lines: lines))
        case .document, .item:
            preconditionFailure("the document and list items are built by their containers")
        }
    }

    /// The code block value of a code node.
    static func codeBlock(_ node: BlockNode, location: SourceLocation) -> CodeBlock {
        var start = 0
        var end = node.info.count
        while start < end, node.info[start] == 0x20 || node.info[start] == 0x09 { start += 1 }
        while end > start, node.info[end - 1] == 0x20 || node.info[end - 1] == 0x09 { end -= 1 }
        let info = CharacterReference.unescape(node.info, start, end)
        let contentLines = node.lineNumbers.first.map { $0...node.lineNumbers.last! }
        return CodeBlock(
            isFenced: node.isFenced,
            fenceCharacter: node.isFenced ? Character(Unicode.Scalar(node.fenceChar)) : nil,
            fenceLength: node.fenceLength,
            info: String(decoding: info, as: UTF8.self),
            literal: String(decoding: node.content, as: UTF8.self),
            fenceLocation: location,
            contentLines: contentLines,
            closingLine: node.closingLine)
    }

    /// A leaf's content as inline source: without its final line ending and trailing
    /// whitespace.
    static func inlineText(_ content: [UInt8]) -> String {
        var end = content.count
        while end > 0,
            content[end - 1] == 0x0A || content[end - 1] == 0x20 || content[end - 1] == 0x09
        {
            end -= 1
        }
        return String(decoding: content[0..<end], as: UTF8.self)
    }
}
