/// One block of a markdown document. Container blocks hold further blocks.
package indirect enum MarkdownBlock: Sendable, Equatable {
    /// A paragraph of inline text.
    case paragraph(Paragraph)
    /// An ATX or setext heading.
    case heading(Heading)
    /// A thematic break (`---`, `***`, `___`), at the location of its first marker character.
    case thematicBreak(SourceLocation)
    /// A block quote: its blocks, where its first `>` is, and the lines it spans.
    case blockQuote([MarkdownBlock], location: SourceLocation, lines: ClosedRange<Int>)
    /// A bullet or ordered list.
    case list(MarkdownList)
    /// A fenced or indented code block.
    case codeBlock(CodeBlock)
    /// A block of raw HTML.
    case htmlBlock(HTMLBlock)

    /// Where the block starts.
    package var location: SourceLocation {
        switch self {
        case .paragraph(let paragraph): paragraph.location
        case .heading(let heading): heading.location
        case .thematicBreak(let location): location
        case .blockQuote(_, let location, _): location
        case .list(let list): list.location
        case .codeBlock(let code): code.fenceLocation
        case .htmlBlock(let html): html.location
        }
    }

    /// The source lines the block spans.
    package var lines: ClosedRange<Int> {
        switch self {
        case .paragraph(let paragraph): paragraph.lines
        case .heading(let heading): heading.lines
        case .thematicBreak(let location): location.line...location.line
        case .blockQuote(_, _, let lines): lines
        case .list(let list): list.lines
        case .codeBlock(let code): code.lines
        case .htmlBlock(let html): html.lines
        }
    }

    /// The child block sequences of a container: one for a block quote, one per list item,
    /// none for a leaf block.
    package var childSequences: [[MarkdownBlock]] {
        switch self {
        case .blockQuote(let blocks, _, _): [blocks]
        case .list(let list): list.items.map(\.blocks)
        default: []
        }
    }
}
