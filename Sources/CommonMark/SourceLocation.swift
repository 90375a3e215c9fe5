/// A position in markdown source: a 1-based line and a 1-based column.
///
/// The column counts UTF-8 bytes: it is the byte offset of the position within its line plus
/// one. A tab therefore counts as one column, and a non-ASCII character as several.
package struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 1-based line number.
    package var line: Int
    /// The 1-based column: the UTF-8 byte offset within the line plus one.
    package var column: Int

    /// Creates a location from a 1-based line and a 1-based byte column.
    package init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// Orders locations by line, then by column.
    package static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    /// The location as `line:column`, for diagnostics and debug dumps.
    package var description: String { "\(line):\(column)" }
}
