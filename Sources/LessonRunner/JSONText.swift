import Foundation

/// The one JSON encoder configuration of `lesson`'s output: keys sorted and slashes left
/// alone, pretty (a document: `--json`, `results.json`, recorded runs) or compact (one line:
/// a gradebook's journal, a server's messages).
package enum JSONText {
    /// An encoder for documents (`pretty`) or single lines.
    package static func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// `value` as a pretty, key-sorted JSON document (no final newline).
    package static func document(_ value: some Encodable) throws -> String {
        String(decoding: try encoder(pretty: true).encode(value), as: UTF8.self)
    }

    /// `value` as one line of compact, key-sorted JSON (no newline).
    package static func line(_ value: some Encodable) throws -> Data {
        try encoder(pretty: false).encode(value)
    }
}
