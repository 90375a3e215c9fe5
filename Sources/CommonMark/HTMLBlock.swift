/// A block of raw HTML, passed through to the output as written.
package struct HTMLBlock: Sendable, Equatable {
    /// The raw lines, each ending in "\n" except the last.
    package var literal: String
    /// Where the block starts.
    package var location: SourceLocation
    /// The source lines the block spans.
    package var lines: ClosedRange<Int>

    /// Creates an HTML block from its raw text and position.
    package init(literal: String, location: SourceLocation, lines: ClosedRange<Int>) {
        self.literal = literal
        self.location = location
        self.lines = lines
    }
}
