/// Backslash escapes and entity or numeric character references.
enum CharacterReference {
    /// Whether a byte is ASCII punctuation (the characters a backslash can escape).
    @inline(__always) static func isASCIIPunctuation(_ c: UInt8) -> Bool {
        (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60)
            || (c >= 0x7B && c <= 0x7E)
    }

    /// Decodes a reference starting at `&` at `i`: the UTF-8 bytes it stands for and the index
    /// after its `;`, or nil when it is not a valid reference.
    static func decode(_ b: [UInt8], _ i: Int, _ end: Int) -> (bytes: [UInt8], end: Int)? {
        guard i + 2 < end, b[i] == UInt8(ascii: "&") else { return nil }
        if b[i + 1] == UInt8(ascii: "#") {
            var j = i + 2
            let hex = b[j] | 0x20 == UInt8(ascii: "x")
            if hex { j += 1 }
            let digitsStart = j
            var value: UInt32 = 0
            while j < end, j - digitsStart < (hex ? 6 : 7), let digit = digitValue(b[j], hex: hex) {
                value = value * (hex ? 16 : 10) + digit
                j += 1
            }
            guard j > digitsStart, j < end, b[j] == UInt8(ascii: ";") else { return nil }
            let scalar = value == 0 ? nil : Unicode.Scalar(value)
            return (Array(String(scalar ?? "\u{FFFD}").utf8), j + 1)
        }
        var j = i + 1
        while j < end, j - i <= 32, HTMLSyntax.isAlphanumeric(b[j]) { j += 1 }
        guard j > i + 1, j < end, b[j] == UInt8(ascii: ";"), HTMLSyntax.isLetter(b[i + 1])
        else { return nil }
        let name = String(decoding: b[(i + 1)..<j], as: UTF8.self)
        guard let bytes = EntityTable.lookup(name) else { return nil }
        return (bytes, j + 1)
    }

    /// The value of a decimal or hexadecimal digit, or nil.
    @inline(__always) static func digitValue(_ c: UInt8, hex: Bool) -> UInt32? {
        if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") { return UInt32(c - 0x30) }
        guard hex else { return nil }
        let lower = c | 0x20
        if lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "f") { return UInt32(lower - 0x57) }
        return nil
    }

    /// Resolves backslash escapes and character references in `b[start..<end]`.
    static func unescape(_ b: [UInt8], _ start: Int, _ end: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var i = start
        while i < end {
            let c = b[i]
            if c == UInt8(ascii: "\\"), i + 1 < end, isASCIIPunctuation(b[i + 1]) {
                out.append(b[i + 1])
                i += 2
            } else if c == UInt8(ascii: "&"), let (bytes, next) = decode(b, i, end) {
                out.append(contentsOf: bytes)
                i = next
            } else {
                out.append(c)
                i += 1
            }
        }
        return out
    }
}
