import LessonCore

/// The `Content-Security-Policy` of a served page: nothing may load from anywhere but the
/// server itself, and the only inline scripts that run are the ones in the page as served,
/// allowed by their SHA-256 hashes (an injected `<script>` has another hash and is refused).
package enum ContentSecurityPolicy {
    /// The policy for a page whose inline scripts are `inlineScripts` (their exact text).
    package static func header(inlineScripts: [String]) -> String {
        let hashes = inlineScripts.map { "'sha256-\(Base64.encode(SHA256.digest(Array($0.utf8))))'" }
        return [
            "default-src 'none'",
            (["script-src 'self'"] + hashes).joined(separator: " "),
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ].joined(separator: "; ")
    }

    /// The policy for a response that is not a page (JSON, scripts, styles): nothing at all.
    package static let none = "default-src 'none'; frame-ancestors 'none'"

    /// The text of every `<script>` element without a `src` attribute, in order.
    package static func inlineScripts(in html: String) -> [String] {
        var scripts: [String] = []
        var rest = Substring(html)
        while let open = rest.firstRange(of: "<script") {
            guard let tagEnd = rest[open.upperBound...].firstIndex(of: ">") else { break }
            let attributes = rest[open.upperBound..<tagEnd]
            let bodyStart = rest.index(after: tagEnd)
            guard let close = rest[bodyStart...].firstRange(of: "</script>") else { break }
            if !attributes.contains("src=") { scripts.append(String(rest[bodyStart..<close.lowerBound])) }
            rest = rest[close.upperBound...]
        }
        return scripts
    }
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
