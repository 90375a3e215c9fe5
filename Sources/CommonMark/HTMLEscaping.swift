/// The escape functions all HTML output goes through, CommonMark's and the site's: one for
/// text, one for attribute values, and `escape(_:quotes:)` for either with a choice of quotes.
package enum HTMLEscaping {
    /// Appends text with `&`, `<`, `>` and `"` escaped.
    @inline(__always)
    static func appendText(_ bytes: some Collection<UInt8>, to out: inout [UInt8]) {
        append(bytes, quotes: .double, to: &out)
    }

    /// Appends an attribute value with `&`, `<`, `>`, `"` and `'` escaped.
    @inline(__always)
    static func appendAttribute(_ bytes: some Collection<UInt8>, to out: inout [UInt8]) {
        append(bytes, quotes: .both, to: &out)
    }

    /// Appends bytes, escaping the special ones; runs of plain bytes are copied at once.
    @inline(__always)
    private static func append(
        _ bytes: some Collection<UInt8>, quotes: Quotes, to out: inout [UInt8]
    ) {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            appendBuffer(buffer, quotes: quotes, to: &out)
        }
        if handled == nil {
            let copy = Array(bytes)
            copy.withUnsafeBufferPointer { buffer in
                appendBuffer(buffer, quotes: quotes, to: &out)
            }
        }
    }

    /// Appends a buffer, escaping the special bytes.
    private static func appendBuffer(
        _ buffer: UnsafeBufferPointer<UInt8>, quotes: Quotes, to out: inout [UInt8]
    ) {
        var runStart = 0
        for i in 0..<buffer.count {
            let replacement: [UInt8]
            switch buffer[i] {
            case UInt8(ascii: "&"): replacement = ampersand
            case UInt8(ascii: "<"): replacement = lessThan
            case UInt8(ascii: ">"): replacement = greaterThan
            case UInt8(ascii: "\"") where quotes != .none: replacement = quote
            case UInt8(ascii: "'") where quotes == .both: replacement = apostrophe
            default: continue
            }
            if runStart < i {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<i]))
            }
            out.append(contentsOf: replacement)
            runStart = i + 1
        }
        if runStart < buffer.count {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart...]))
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

    /// Which quotes an escape replaces besides `&`, `<` and `>`: none (element content the
    /// site writes), `"` (text, as the spec's examples expect) or both (attribute values).
    package enum Quotes: Sendable { case none, double, both }

    /// Escapes `&`, `<`, `>` and the given quotes: the one escaper of the site's own markup too.
    package static func escape(_ text: String, quotes: Quotes) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        append(text.utf8, quotes: quotes, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static let ampersand: [UInt8] = Array("&amp;".utf8)
    private static let lessThan: [UInt8] = Array("&lt;".utf8)
    private static let greaterThan: [UInt8] = Array("&gt;".utf8)
    private static let quote: [UInt8] = Array("&quot;".utf8)
    private static let apostrophe: [UInt8] = Array("&#39;".utf8)
}
