/// One piece of parsed inline content. Inlines are kept flat: emphasis is recorded as tags
/// on delimiter runs, links and images as open and close tokens around their content.
struct InlineToken {
    /// What a token is.
    enum Kind: UInt8 {
        /// Source text `start..<end`, escaped on output.
        case text
        /// An unmatched `[` or `![`, kept as text.
        case bracket
        /// A run of `*` or `_`: emphasis closes, the remaining characters, emphasis opens.
        case delimiter
        /// A line ending inside a paragraph.
        case softBreak
        /// A hard line break.
        case hardBreak
        /// A code span whose content is `start..<end` (line endings become spaces).
        case code
        /// Raw inline HTML `start..<end`, passed through.
        case html
        /// Decoded text (from a character reference) at `payload` in the literal table.
        case literal
        /// The start of a link whose destination and title are at `payload`.
        case linkOpen
        /// The end of a link.
        case linkClose
        /// The start of an image whose destination and title are at `payload`.
        case imageOpen
        /// The end of an image, which writes its title.
        case imageClose
    }

    /// The kind of token.
    var kind: Kind
    /// The start of its source range.
    var start: Int
    /// The end of its source range.
    var end: Int
    /// An index into the literal or link table.
    var payload: Int = 0
    /// Emphasis closed before a delimiter run's characters: 1 for `em`, 2 for `strong`.
    var closes: [UInt8] = []
    /// Emphasis opened after a delimiter run's characters, innermost first.
    var opens: [UInt8] = []
}
