/// An ATX (`# Title`) or setext (underlined) heading.
package struct Heading: Sendable, Equatable {
    /// The level, 1 to 6.
    package var level: Int
    /// The raw inline text of the heading, trimmed, without `#` markers or underline.
    package var text: String
    /// Whether the heading was written as text underlined by `=` or `-`.
    package var isSetext: Bool
    /// Where the heading starts (its first `#`, or the first character of its text).
    package var location: SourceLocation
    /// The source lines the heading spans (a setext heading includes its underline).
    package var lines: ClosedRange<Int>

    /// Creates a heading from its parts.
    package init(
        level: Int, text: String, isSetext: Bool, location: SourceLocation, lines: ClosedRange<Int>
    ) {
        self.level = level
        self.text = text
        self.isSetext = isSetext
        self.location = location
        self.lines = lines
    }
}
