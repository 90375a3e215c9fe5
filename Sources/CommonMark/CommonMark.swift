/// CommonMark 0.31.2: parsing markdown into a block tree with source positions, and rendering
/// markdown to HTML the way the spec's examples expect.
package enum CommonMark {
    /// Parses markdown text into a block tree with positions and link reference definitions.
    /// Any text is valid markdown; nothing here fails.
    package static func parse(_ text: String) -> MarkdownDocument {
        var bytes = Array(text.utf8)
        if bytes.contains(0) {
            bytes = bytes.flatMap { $0 == 0 ? [0xEF, 0xBF, 0xBD] : [$0] }
        }
        let parser = BlockParser(bytes: bytes)
        parser.parse()
        return DocumentBuilder.build(parser)
    }

    /// Renders markdown text to HTML exactly as the CommonMark spec's examples expect.
    package static func renderHTML(_ text: String) -> String {
        renderHTML(parse(text))
    }

    /// Renders a parsed document to HTML. `codeBlock` may supply the HTML for a code block
    /// (for example a highlighted snippet); when it returns nil, the block renders as
    /// `<pre><code>`.
    package static func renderHTML(
        _ document: MarkdownDocument, codeBlock: ((CodeBlock) -> String?)? = nil
    ) -> String {
        renderHTML(document.blocks, definitions: document.definitions, codeBlock: codeBlock)
    }

    /// Renders a sequence of blocks (say, part of a document) to HTML, resolving reference
    /// links with `definitions`.
    package static func renderHTML(
        _ blocks: [MarkdownBlock], definitions: [String: LinkDefinition],
        codeBlock: ((CodeBlock) -> String?)? = nil
    ) -> String {
        var renderer = HTMLRenderer(definitions: definitions, codeBlockHTML: codeBlock)
        renderer.render(blocks)
        return renderer.result
    }

    /// Renders raw inline text (such as `Paragraph.text` or `Heading.text`) to HTML without
    /// any enclosing tag.
    package static func renderInlineHTML(
        _ text: String, definitions: [String: LinkDefinition] = [:]
    ) -> String {
        var renderer = HTMLRenderer(definitions: definitions)
        renderer.renderInlines(text)
        return renderer.result
    }
}
