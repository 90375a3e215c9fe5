/// The pieces of link syntax shared by inline links and link reference definitions: labels,
/// destinations, titles, and label normalisation.
enum LinkSyntax {
    /// The deepest nesting of parentheses accepted in a destination, as in cmark; deeper
    /// nesting would make unclosed links cost quadratic time.
    static let maxParenthesisDepth = 32

    /// The index after a link label `[...]` starting at `i` (at most 999 characters inside,
    /// no unescaped brackets), or nil.
    static func scanLabel(_ b: [UInt8], _ i: Int, _ end: Int) -> Int? {
        guard i < end, b[i] == UInt8(ascii: "[") else { return nil }
        var j = i + 1
        while j < end {
            switch b[j] {
            case UInt8(ascii: "\\"):
                j += j + 1 < end ? 2 : 1
            case UInt8(ascii: "["):
                return nil
            case UInt8(ascii: "]"):
                return j - i - 1 <= 999 ? j + 1 : nil
            default:
                j += 1
            }
        }
        return nil
    }

    /// Skips spaces and tabs, at most one line ending, then spaces and tabs again.
    static func skipSpaceAndNewline(_ b: [UInt8], _ i: Int, _ end: Int) -> Int {
        var j = i
        while j < end, b[j] == 0x20 || b[j] == 0x09 { j += 1 }
        if j < end, b[j] == 0x0A {
            j += 1
            while j < end, b[j] == 0x20 || b[j] == 0x09 { j += 1 }
        }
        return j
    }

    /// Reads a link destination at `i`: `<...>` or a run without spaces or control characters
    /// and with balanced parentheses. Returns it unescaped and percent-encoded, and the index
    /// after it.
    static func scanDestination(_ b: [UInt8], _ i: Int, _ end: Int) -> (
        value: [UInt8], end: Int
    )? {
        if i < end, b[i] == UInt8(ascii: "<") {
            var j = i + 1
            while j < end {
                switch b[j] {
                case 0x0A, UInt8(ascii: "<"):
                    return nil
                case UInt8(ascii: ">"):
                    let raw = CharacterReference.unescape(b, i + 1, j)
                    return (URLNormalizer.normalize(raw), j + 1)
                case UInt8(ascii: "\\"):
                    j += j + 1 < end && b[j + 1] != 0x0A ? 2 : 1
                default:
                    j += 1
                }
            }
            return nil
        }
        var j = i
        var depth = 0
        while j < end {
            let c = b[j]
            if c == UInt8(ascii: "\\"), j + 1 < end,
                CharacterReference.isASCIIPunctuation(b[j + 1])
            {
                j += 2
            } else if c == UInt8(ascii: "(") {
                depth += 1
                if depth > maxParenthesisDepth { return nil }
                j += 1
            } else if c == UInt8(ascii: ")") {
                if depth == 0 { break }
                depth -= 1
                j += 1
            } else if c <= 0x20 || c == 0x7F {
                break
            } else {
                j += 1
            }
        }
        if j == i, j >= end || b[j] != UInt8(ascii: ")") { return nil }
        guard depth == 0 else { return nil }
        return (URLNormalizer.normalize(CharacterReference.unescape(b, i, j)), j)
    }

    /// Reads a link title at `i` (`"..."`, `'...'` or `(...)`); returns it unescaped and the
    /// index after it.
    static func scanTitle(_ b: [UInt8], _ i: Int, _ end: Int) -> (value: [UInt8], end: Int)? {
        guard i < end else { return nil }
        let open = b[i]
        let close: UInt8
        switch open {
        case UInt8(ascii: "\""), UInt8(ascii: "'"): close = open
        case UInt8(ascii: "("): close = UInt8(ascii: ")")
        default: return nil
        }
        var j = i + 1
        while j < end {
            let c = b[j]
            if c == UInt8(ascii: "\\"), j + 1 < end {
                j += 2
            } else if c == close {
                return (CharacterReference.unescape(b, i + 1, j), j + 1)
            } else if open == UInt8(ascii: "("), c == open {
                return nil
            } else {
                j += 1
            }
        }
        return nil
    }

    /// The index after trailing spaces and tabs and the line ending (or the end) at `i`, or
    /// nil when other characters follow on the line.
    static func lineEnd(_ b: [UInt8], _ i: Int, _ end: Int) -> Int? {
        var j = i
        while j < end, b[j] == 0x20 || b[j] == 0x09 { j += 1 }
        if j == end { return j }
        return b[j] == 0x0A ? j + 1 : nil
    }

    /// Parses a link reference definition at `i`: its normalised label, its value, and the
    /// index after its line.
    static func parseDefinition(_ b: [UInt8], from i: Int) -> (
        String, RawDefinition, Int
    )? {
        let end = b.count
        guard let labelEnd = scanLabel(b, i, end), labelEnd < end,
            b[labelEnd] == UInt8(ascii: ":")
        else { return nil }
        let destinationStart = skipSpaceAndNewline(b, labelEnd + 1, end)
        guard destinationStart < end, b[destinationStart] != 0x0A,
            let (destination, destinationEnd) = scanDestination(b, destinationStart, end)
        else { return nil }
        let titleStart = skipSpaceAndNewline(b, destinationEnd, end)
        var definitionEnd: Int
        var title: [UInt8]?
        if titleStart != destinationEnd, let (value, titleEnd) = scanTitle(b, titleStart, end),
            let after = lineEnd(b, titleEnd, end)
        {
            title = value
            definitionEnd = after
        } else {
            guard let after = lineEnd(b, destinationEnd, end) else { return nil }
            definitionEnd = after
        }
        let label = normalizeLabel(b, i + 1, labelEnd - 1)
        guard !label.isEmpty else { return nil }
        return (label, RawDefinition(destination: destination, title: title), definitionEnd)
    }

    /// Normalises a label's inside for matching: trimmed, inner whitespace collapsed to one
    /// space, and case-folded.
    static func normalizeLabel(_ b: [UInt8], _ start: Int, _ end: Int) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var ascii = true
        var pendingSpace = false
        for k in start..<end {
            let c = b[k]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(0x20)
                pendingSpace = false
            }
            if c >= 0x80 { ascii = false }
            out.append(c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z") ? c - 0x20 : c)
        }
        let text = String(decoding: out, as: UTF8.self)
        return ascii ? text : text.lowercased().uppercased()
    }
}
