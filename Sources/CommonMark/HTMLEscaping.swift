/// The two escape functions all HTML output goes through: one for text, one for attribute
/// values.
package enum HTMLEscaping {
    /// Appends text with `&`, `<`, `>` and `"` escaped.
    static func appendText(_ bytes: some Collection<UInt8>, to out: inout [UInt8]) {
        for c in bytes {
            switch c {
            case UInt8(ascii: "&"): out.append(contentsOf: ampersand)
            case UInt8(ascii: "<"): out.append(contentsOf: lessThan)
            case UInt8(ascii: ">"): out.append(contentsOf: greaterThan)
            case UInt8(ascii: "\""): out.append(contentsOf: quote)
            default: out.append(c)
            }
        }
    }

    /// Appends an attribute value with `&`, `<`, `>`, `"` and `'` escaped.
    static func appendAttribute(_ bytes: some Collection<UInt8>, to out: inout [UInt8]) {
        for c in bytes {
            switch c {
            case UInt8(ascii: "&"): out.append(contentsOf: ampersand)
            case UInt8(ascii: "<"): out.append(contentsOf: lessThan)
            case UInt8(ascii: ">"): out.append(contentsOf: greaterThan)
            case UInt8(ascii: "\""): out.append(contentsOf: quote)
            case UInt8(ascii: "'"): out.append(contentsOf: apostrophe)
            default: out.append(c)
            }
        }
    }

    /// Escapes text for HTML content, as a string.
    package static func escapeText(_ text: String) -> String {
        var out: [UInt8] = []
        appendText(text.utf8, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Escapes text for an HTML attribute value, as a string.
    package static func escapeAttribute(_ text: String) -> String {
        var out: [UInt8] = []
        appendAttribute(text.utf8, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static let ampersand: [UInt8] = Array("&amp;".utf8)
    private static let lessThan: [UInt8] = Array("&lt;".utf8)
    private static let greaterThan: [UInt8] = Array("&gt;".utf8)
    private static let quote: [UInt8] = Array("&quot;".utf8)
    private static let apostrophe: [UInt8] = Array("&#39;".utf8)
}
