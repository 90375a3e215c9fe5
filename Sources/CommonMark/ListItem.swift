/// One item of a list: the blocks it contains.
package struct ListItem: Sendable, Equatable {
    /// The blocks inside the item, in order.
    package var blocks: [MarkdownBlock]
    /// Where the item's marker is.
    package var location: SourceLocation
    /// The source lines the item spans.
    package var lines: ClosedRange<Int>

    /// Creates a list item from its blocks and position.
    package init(blocks: [MarkdownBlock], location: SourceLocation, lines: ClosedRange<Int>) {
        self.blocks = blocks
        self.location = location
        self.lines = lines
    }
}
