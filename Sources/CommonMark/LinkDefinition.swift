/// A link reference definition (`[label]: destination "title"`).
package struct LinkDefinition: Sendable, Equatable {
    /// The destination, with escapes and entities resolved and unsafe characters
    /// percent-encoded.
    package var destination: String
    /// The title, with escapes and entities resolved; nil when there is none.
    package var title: String?

    /// Creates a definition from its destination and optional title.
    package init(destination: String, title: String?) {
        self.destination = destination
        self.title = title
    }
}
