/// One piece of Swift source as the highlighter sees it: its text and what kind of thing it is.
package struct SwiftToken: Sendable, Hashable {
    /// What a piece of source is, for colouring.
    package enum Kind: String, Sendable, Hashable {
        /// Identifiers, operators, punctuation and white space: shown without a class.
        case plain
        /// A reserved word or contextual keyword such as `func`, `await` or `async`.
        case keyword
        /// A capitalised identifier, taken to name a type (`Task`, `String`).
        case type
        /// The literal parts of a string, quotes included.
        case string
        /// An escape inside a string, or the `\(` and `)` around an interpolation.
        case escape
        /// A line or block comment.
        case comment
        /// An integer or floating-point literal.
        case number
        /// An attribute such as `@MainActor` or `@Sendable`.
        case attribute
        /// A compiler directive or macro such as `#if` or `#sourceLocation`.
        case directive

        /// The CSS class the site gives this kind; nil for plain text.
        package var cssClass: String? {
            switch self {
            case .plain: nil
            case .keyword: "kw"
            case .type: "ty"
            case .string: "str"
            case .escape: "esc"
            case .comment: "com"
            case .number: "num"
            case .attribute: "attr"
            case .directive: "dir"
            }
        }
    }

    /// What kind of source this is.
    package var kind: Kind
    /// The source text, exactly as written.
    package var text: String

    /// Creates a token.
    package init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }
}
