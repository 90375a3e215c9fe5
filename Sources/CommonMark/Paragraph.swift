/// A paragraph: its raw inline source and where it sits.
package struct Paragraph: Sendable, Equatable {
    /// The raw inline text: the paragraph's lines joined by "\n", each without its leading
    /// whitespace, and the final line without its trailing whitespace. Inlines are not parsed.
    package var text: String
    /// Where the paragraph's first character is.
    package var location: SourceLocation
    /// The source lines the paragraph spans.
    package var lines: ClosedRange<Int>
}
