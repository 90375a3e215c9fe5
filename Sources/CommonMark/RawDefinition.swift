/// A link reference definition while parsing: destination and title as UTF-8 bytes.
struct RawDefinition {
    /// The destination, unescaped and percent-encoded.
    var destination: [UInt8]
    /// The title, unescaped; nil when there is none.
    var title: [UInt8]?
}
