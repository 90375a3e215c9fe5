import LessonSupport

/// A request path checked before anything looks it up: percent-decoded once, and refused
/// when it could name something outside the workshop (`..`, `.`, encoded dots or slashes,
/// backslashes, empty segments such as `//host`, NUL and other control characters).
///
/// Pages and API objects are found by name in tables the server built from the workshop,
/// never by joining a path onto a directory; this check is the first of two locks.
package struct SafePath: Sendable, Equatable {
    /// The decoded segments, e.g. `["api", "lessons", "04-gather"]`; empty for `/`.
    package let segments: [String]

    /// Decodes and checks `raw` (the path part of the request target); nil when refused.
    package init?(_ raw: String) {
        guard raw.hasPrefix("/") else { return nil }
        if raw == "/" {
            segments = []
            return
        }
        var parts: [String] = []
        let pieces = raw.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        for (index, piece) in pieces.enumerated() {
            // A trailing slash is allowed; an empty segment anywhere else is not.
            if piece.isEmpty, index == pieces.count - 1, index > 0 { continue }
            guard let decoded = try? PercentEncoding.decode(piece), Self.isSafeSegment(decoded) else { return nil }
            parts.append(decoded)
        }
        segments = parts
    }

    /// A segment made only of letters, digits and `-_.~`, not starting with a dot.
    static func isSafeSegment(_ segment: String) -> Bool {
        guard let first = segment.utf8.first, first != UInt8(ascii: ".") else { return false }
        return segment.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                UInt8(ascii: "."), UInt8(ascii: "~"):
                true
            default: false
            }
        }
    }
}
