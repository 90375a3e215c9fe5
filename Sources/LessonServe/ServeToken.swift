/// The secret that opens a `lesson serve` session: 32 random bytes from the system's
/// cryptographic generator, written as 64 hex digits.
package struct ServeToken: Sendable, Equatable {
    /// The token's hex text, as it appears in the printed URL and the cookie.
    package let text: String

    /// A fresh token from `SystemRandomNumberGenerator` (256 bits).
    package static func random() -> ServeToken {
        var generator = SystemRandomNumberGenerator()
        var text = ""
        for _ in 0..<4 {
            let value = generator.next() as UInt64
            let hex = String(value, radix: 16)
            text += String(repeating: "0", count: 16 - hex.count) + hex
        }
        return ServeToken(text: text)
    }

    /// A token with the given text (tests, and a token fixed by `LESSON_SERVE_TOKEN`).
    package init(text: String) {
        self.text = text
    }

    /// True when `candidate` is this token. Takes the same time wherever the first difference
    /// is, so response times tell an attacker nothing about how much of a guess was right.
    package func matches(_ candidate: some StringProtocol) -> Bool {
        Self.constantTimeEqual(Array(text.utf8), Array(candidate.utf8))
    }

    /// Compares two byte strings in time that depends only on their lengths.
    package static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt64(a.count ^ b.count)
        let count = max(a.count, b.count)
        for index in 0..<count {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= UInt64(x ^ y)
        }
        return difference == 0
    }
}
