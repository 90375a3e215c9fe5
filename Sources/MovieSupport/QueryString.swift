import LessonSupport

/// Parses `application/x-www-form-urlencoded` query strings, the part of a URL after `?`.
///
/// `+` is a space, `%XX` is the byte XX, and the decoded bytes must be UTF-8. Keys may repeat:
/// every pair is kept, in order, and the caller decides what a repeat means.
public enum QueryString {
    /// `year=1994&q=caf%C3%A9+noir` → `[("year", "1994"), ("q", "café noir")]`.
    ///
    /// Empty pieces (`a=1&&b=2`) are skipped; a piece without `=` has an empty value. Throws
    /// `QueryError` for a `%` not followed by two hex digits and for bytes that are not UTF-8.
    public static func parse(_ query: String) throws(QueryError) -> [(name: String, value: String)] {
        var pairs: [(name: String, value: String)] = []
        for piece in query.split(separator: "&", omittingEmptySubsequences: true) {
            let name: Substring
            let value: Substring
            if let equals = piece.firstIndex(of: "=") {
                name = piece[..<equals]
                value = piece[piece.index(after: equals)...]
            } else {
                name = piece
                value = ""
            }
            pairs.append((try decode(name), try decode(value)))
        }
        return pairs
    }

    /// Percent-decodes one name or value (with `+` as a space).
    public static func decode(_ text: Substring) throws(QueryError) -> String {
        do throws(PercentEncoding.Failure) {
            return try PercentEncoding.decode(text, plusIsSpace: true)
        } catch {
            switch error {
            case .badEscape:
                throw QueryError("bad percent escape in '\(text)': '%' must be followed by two hex digits")
            case .notUTF8:
                throw QueryError("'\(text)' does not decode to UTF-8 text")
            }
        }
    }

    /// Percent-encodes `text` for a query value: letters, digits and `-._~` stay, a space
    /// becomes `+`, everything else `%XX` per UTF-8 byte.
    public static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case 0x20: out += "+"
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }
}
