/// CommonMark 0.31.2: parsing markdown into a block tree with source positions, and rendering
/// markdown to HTML the way the spec's examples expect.
package enum CommonMark {
    /// Parses markdown text into a block tree with positions and link reference definitions.
    /// Any text is valid markdown; nothing here fails.
    package static func parse(_ text: String) -> MarkdownDocument {
        DocumentBuilder.build(runBlockParser(text))
    }

    /// Renders markdown text to HTML exactly as the CommonMark spec's examples expect.
    package static func renderHTML(_ text: String) -> String {
        let parser = runBlockParser(text)
        var renderer = HTMLRenderer(definitions: parser.definitions)
        renderer.renderChildren(of: parser.document)
        return renderer.result
    }

    /// Runs the block parser over text, with NUL characters replaced by U+FFFD.
    static func runBlockParser(_ text: String) -> BlockParser {
        var bytes = Array(text.utf8)
        if bytes.contains(0) {
            bytes = bytes.flatMap { $0 == 0 ? [0xEF, 0xBF, 0xBD] : [$0] }
        }
        let parser = BlockParser(bytes: bytes)
        parser.parse()
        return parser
    }
}
