/// The page side of `lesson serve` (filled in below).
enum ServeScript {
    /// The script.
    static let source = ""
    /// Styles of the editor.
    static let css = ""
}
