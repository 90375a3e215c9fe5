/// Recognises raw HTML on UTF-8 bytes: open and closing tags, comments, processing
/// instructions, declarations and CDATA sections, as the CommonMark spec defines them.
enum HTMLSyntax {
    /// Whether a byte is HTML whitespace: space, tab, newline, line tabulation, form feed or
    /// carriage return.
    @inline(__always) static func isWhitespace(_ c: UInt8) -> Bool {
        c == 0x20 || (c >= 0x09 && c <= 0x0D)
    }

    /// Whether a byte is an ASCII letter.
    @inline(__always) static func isLetter(_ c: UInt8) -> Bool {
        (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z")
    }

    /// Whether a byte is an ASCII letter or digit.
    @inline(__always) static func isAlphanumeric(_ c: UInt8) -> Bool {
        isLetter(c) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
    }

    /// The index after a tag name (`[A-Za-z][A-Za-z0-9-]*`) starting at `i`, or nil.
    static func scanTagName(_ b: [UInt8], _ i: Int, _ end: Int) -> Int? {
        guard i < end, isLetter(b[i]) else { return nil }
        var j = i + 1
        while j < end, isAlphanumeric(b[j]) || b[j] == UInt8(ascii: "-") { j += 1 }
        return j
    }

    /// The index after whitespace starting at `i`.
    static func skipWhitespace(_ b: [UInt8], _ i: Int, _ end: Int) -> Int {
        var j = i
        while j < end, isWhitespace(b[j]) { j += 1 }
        return j
    }

    /// The index after an open tag starting at `<` at `i`, or nil.
    static func scanOpenTag(_ b: [UInt8], _ i: Int, _ end: Int) -> Int? {
        guard var position = scanTagName(b, i + 1, end) else { return nil }
        while true {
            var j = skipWhitespace(b, position, end)
            guard j < end else { return nil }
            if b[j] == UInt8(ascii: ">") { return j + 1 }
            if b[j] == UInt8(ascii: "/") {
                return j + 1 < end && b[j + 1] == UInt8(ascii: ">") ? j + 2 : nil
            }
            guard j > position, isAttributeNameStart(b[j]) else { return nil }
            j += 1
            while j < end,
                isAttributeNameStart(b[j]) || isAlphanumeric(b[j])
                    || b[j] == UInt8(ascii: ".") || b[j] == UInt8(ascii: "-")
            {
                j += 1
            }
            position = j
            var k = skipWhitespace(b, j, end)
            guard k < end, b[k] == UInt8(ascii: "=") else { continue }
            k = skipWhitespace(b, k + 1, end)
            guard k < end else { return nil }
            let quote = b[k]
            if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                k += 1
                while k < end, b[k] != quote { k += 1 }
                guard k < end else { return nil }
                position = k + 1
            } else {
                let valueStart = k
                while k < end, !isWhitespace(b[k]), !isUnquotedExcluded(b[k]) { k += 1 }
                guard k > valueStart else { return nil }
                position = k
            }
        }
    }

    /// Whether a byte may start an attribute name (`[A-Za-z_:]`).
    @inline(__always) static func isAttributeNameStart(_ c: UInt8) -> Bool {
        isLetter(c) || c == UInt8(ascii: "_") || c == UInt8(ascii: ":")
    }

    /// Whether a byte may not appear in an unquoted attribute value.
    @inline(__always) static func isUnquotedExcluded(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "="), UInt8(ascii: "<"),
            UInt8(ascii: ">"), UInt8(ascii: "`"):
            true
        default: false
        }
    }

    /// The index after a closing tag starting at `<` at `i`, or nil.
    static func scanClosingTag(_ b: [UInt8], _ i: Int, _ end: Int) -> Int? {
        guard i + 1 < end, b[i + 1] == UInt8(ascii: "/"),
            let nameEnd = scanTagName(b, i + 2, end)
        else { return nil }
        let j = skipWhitespace(b, nameEnd, end)
        return j < end && b[j] == UInt8(ascii: ">") ? j + 1 : nil
    }

    /// Whether `b[i...]` starts with the ASCII `literal`.
    static func hasPrefix(_ b: [UInt8], _ i: Int, _ end: Int, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard i + count <= end else { return false }
        let pointer = literal.utf8Start
        for k in 0..<count where b[i + k] != pointer[k] { return false }
        return true
    }

    /// The index after the first occurrence of `literal` at or after `i`, or nil.
    static func find(_ b: [UInt8], _ i: Int, _ end: Int, _ literal: StaticString) -> Int? {
        let count = literal.utf8CodeUnitCount
        let first = literal.utf8Start[0]
        var j = i
        while j + count <= end {
            if b[j] == first, hasPrefix(b, j, end, literal) { return j + count }
            j += 1
        }
        return nil
    }

    /// The index after an HTML comment starting at `<` at `i`, or nil.
    static func scanComment(_ b: [UInt8], _ i: Int, _ end: Int) -> Int? {
        guard hasPrefix(b, i, end, "<!--") else { return nil }
        if hasPrefix(b, i + 4, end, ">") { return i + 5 }
        if hasPrefix(b, i + 4, end, "->") { return i + 6 }
        return find(b, i + 4, end, "-->")
    }

    /// The index after raw inline HTML starting at `<` at `i`, or nil.
    static func scanInline(_ b: [UInt8], _ i: Int, _ end: Int) -> Int? {
        guard i + 1 < end else { return nil }
        switch b[i + 1] {
        case UInt8(ascii: "/"):
            return scanClosingTag(b, i, end)
        case UInt8(ascii: "?"):
            return find(b, i + 2, end, "?>")
        case UInt8(ascii: "!"):
            if hasPrefix(b, i, end, "<!--") { return scanComment(b, i, end) }
            if hasPrefix(b, i, end, "<![CDATA[") { return find(b, i + 9, end, "]]>") }
            if i + 2 < end, isLetter(b[i + 2]) { return find(b, i + 2, end, ">") }
            return nil
        default:
            return scanOpenTag(b, i, end)
        }
    }
}
