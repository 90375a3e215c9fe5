/// A bullet or ordered list and its items.
package struct MarkdownList: Sendable, Equatable {
    /// What marks the items of a list.
    package enum Marker: Sendable, Equatable {
        /// Items marked by `-`, `+` or `*`.
        case bullet(Character)
        /// Items numbered from `start`, each number followed by `.` or `)`.
        case ordered(start: Int, delimiter: Character)
    }

    /// The item marker shared by all items.
    package var marker: Marker
    /// Whether the list is tight (no blank lines between items or their blocks): tight lists
    /// render paragraphs without `<p>` tags.
    package var isTight: Bool
    /// The items, in order.
    package var items: [ListItem]
    /// Where the first item's marker is.
    package var location: SourceLocation
    /// The source lines the list spans.
    package var lines: ClosedRange<Int>

    /// Creates a list from its parts.
    package init(
        marker: Marker, isTight: Bool, items: [ListItem], location: SourceLocation,
        lines: ClosedRange<Int>
    ) {
        self.marker = marker
        self.isTight = isTight
        self.items = items
        self.location = location
        self.lines = lines
    }
}
