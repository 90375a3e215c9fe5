/// What a rendered page is made of, for its table of contents and its search entries: the
/// headings with their anchors, and the plain text between them.
enum PagePiece: Sendable, Hashable {
    /// A heading and the anchor it got.
    case heading(id: String, level: Int, text: String)
    /// Plain text (prose, or the code of a snippet).
    case text(String)
}
