import LessonCore

/// The `Content-Security-Policy` of a served page: nothing may load from anywhere but the
/// server itself, and the only scripts that run are the server's own: the inline scripts it
/// puts into every page, allowed by the SHA-256 hashes of their known text (computed once from
/// the embedded files, never read back from a page), and the script files it names by their
/// exact address. A `<script>` or an `on…=` attribute that a lesson's or quiz's markdown adds
/// has no hash in the policy, so the browser refuses to run it.
package enum ContentSecurityPolicy {
    /// The policy for a page whose only scripts are `inlineScripts` (their exact text) and
    /// the files at `scriptFiles` (absolute URLs, e.g. `http://127.0.0.1:8714/search-index.js`).
    package static func page(inlineScripts: [String], scriptFiles: [String]) -> String {
        [
            "default-src 'none'",
            (["script-src"] + inlineScripts.map(hashSource) + scriptFiles).joined(separator: " "),
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ].joined(separator: "; ")
    }

    /// `'sha256-…'`: the source expression that allows the inline script `script`.
    package static func hashSource(_ script: String) -> String {
        "'sha256-\(Base64.encode(SHA256.digest(Array(script.utf8))))'"
    }

    /// The policy for a response that is not a page (JSON, scripts, styles): nothing at all.
    package static let none = "default-src 'none'; frame-ancestors 'none'"
}

extension SHA256 {
    /// The 32-byte digest of `bytes`.
    static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var hash = SHA256()
        hash.update(bytes)
        let hex = Array(hash.hexDigest().utf8)
        return stride(from: 0, to: hex.count, by: 2).map { UInt8(hexDigit(hex[$0]) << 4 | hexDigit(hex[$0 + 1])) }
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8 {
        byte <= UInt8(ascii: "9") ? byte - UInt8(ascii: "0") : byte - UInt8(ascii: "a") + 10
    }
}

/// Standard base64 (RFC 4648, with padding).
package enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// `bytes` in base64.
    package static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * UInt32($1.offset)) }
            for position in 0..<4 {
                if position <= chunk.count {
                    out.append(alphabet[Int(value >> (18 - 6 * UInt32(position)) & 0x3f)])
                } else {
                    out.append(UInt8(ascii: "="))
                }
            }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
