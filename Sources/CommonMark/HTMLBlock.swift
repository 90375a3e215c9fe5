/// A block of raw HTML, passed through to the output as written.
package struct HTMLBlock: Sendable, Equatable {
    /// The raw lines, each ending in "\n" except the last.
    package var literal: String
    /// Where the block starts.
    package var location: SourceLocation
    /// The source lines the block spans.
    package var lines: ClosedRange<Int>
}
