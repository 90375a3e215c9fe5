extension InlineParser {
    /// A run of `*` or `_`: a text token, and a delimiter-stack entry when it can open or
    /// close emphasis.
    mutating func parseDelimiterRun(_ c: UInt8) {
        let start = pos
        while pos < end, s[pos] == c { pos += 1 }
        let before = start == 0 ? Unicode.Scalar(UInt8(0x0A)) : Self.scalar(endingAt: start, in: s)
        let after = pos >= end ? Unicode.Scalar(UInt8(0x0A)) : Self.scalar(startingAt: pos, in: s)
        let afterWhitespace = CharacterClass.isWhitespace(after)
        let afterPunctuation = CharacterClass.isPunctuation(after)
        let beforeWhitespace = CharacterClass.isWhitespace(before)
        let beforePunctuation = CharacterClass.isPunctuation(before)
        let leftFlanking =
            !afterWhitespace && (!afterPunctuation || beforeWhitespace || beforePunctuation)
        let rightFlanking =
            !beforeWhitespace && (!beforePunctuation || afterWhitespace || afterPunctuation)
        let canOpen: Bool
        let canClose: Bool
        if c == UInt8(ascii: "_") {
            canOpen = leftFlanking && (!rightFlanking || beforePunctuation)
            canClose = rightFlanking && (!leftFlanking || afterPunctuation)
        } else {
            canOpen = leftFlanking
            canClose = rightFlanking
        }
        let token = tokens.count
        tokens.append(InlineToken(kind: .delimiter, start: start, end: pos))
        guard canOpen || canClose else {
            tokens[token].kind = .text
            return
        }
        let index = delimiters.count
        delimiters.append(
            Delimiter(
                char: c, count: pos - start, originalCount: pos - start, token: token,
                canOpen: canOpen, canClose: canClose, previous: top, next: -1))
        if top >= 0 { delimiters[top].next = index }
        top = index
    }

    /// The Unicode scalar whose UTF-8 encoding ends just before `index`.
    static func scalar(endingAt index: Int, in s: [UInt8]) -> Unicode.Scalar {
        let last = s[index - 1]
        if last < 0x80 { return Unicode.Scalar(last) }
        var start = index - 1
        while start > 0, s[start] & 0xC0 == 0x80, index - start < 4 { start -= 1 }
        return scalar(startingAt: start, in: s)
    }

    /// The Unicode scalar whose UTF-8 encoding starts at `index`.
    static func scalar(startingAt index: Int, in s: [UInt8]) -> Unicode.Scalar {
        let first = s[index]
        if first < 0x80 { return Unicode.Scalar(first) }
        var length = 1
        if first >= 0xF0 {
            length = 4
        } else if first >= 0xE0 {
            length = 3
        } else if first >= 0xC0 {
            length = 2
        }
        let stop = min(index + length, s.count)
        var decoder = UTF8()
        var iterator = s[index..<stop].makeIterator()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) { return scalar }
        return "\u{FFFD}"
    }

    /// Unlinks a delimiter from the stack.
    mutating func removeDelimiter(_ index: Int) {
        let entry = delimiters[index]
        if entry.previous >= 0 { delimiters[entry.previous].next = entry.next }
        if entry.next < 0 {
            top = entry.previous
        } else {
            delimiters[entry.next].previous = entry.previous
        }
    }

    /// Matches emphasis closers with openers above `stackBottom`, then removes those
    /// delimiters from the stack.
    mutating func processEmphasis(stackBottom: Int) {
        var openersBottom = [Int](repeating: stackBottom, count: 12)
        var closer = top
        while closer >= 0, delimiters[closer].previous != stackBottom {
            closer = delimiters[closer].previous
        }
        while closer >= 0 {
            let closing = delimiters[closer]
            guard closing.canClose else {
                closer = closing.next
                continue
            }
            let bottomIndex =
                (closing.char == UInt8(ascii: "_") ? 0 : 6) + (closing.canOpen ? 3 : 0)
                + closing.originalCount % 3
            var opener = closing.previous
            var found = false
            while opener >= 0, opener != stackBottom, opener != openersBottom[bottomIndex] {
                let candidate = delimiters[opener]
                let oddMatch =
                    (closing.canOpen || candidate.canClose) && closing.originalCount % 3 != 0
                    && (candidate.originalCount + closing.originalCount) % 3 == 0
                if candidate.char == closing.char, candidate.canOpen, !oddMatch {
                    found = true
                    break
                }
                opener = candidate.previous
            }
            let oldCloser = closer
            if found {
                let use = closing.count >= 2 && delimiters[opener].count >= 2 ? 2 : 1
                delimiters[opener].count -= use
                delimiters[closer].count -= use
                let openerToken = delimiters[opener].token
                let closerToken = closing.token
                tokens[openerToken].end -= use
                tokens[closerToken].end -= use
                tokens[openerToken].opens.append(UInt8(use))
                tokens[closerToken].closes.append(UInt8(use))
                delimiters[opener].next = closer
                delimiters[closer].previous = opener
                if delimiters[opener].count == 0 { removeDelimiter(opener) }
                if delimiters[closer].count == 0 {
                    let next = delimiters[closer].next
                    removeDelimiter(closer)
                    closer = next
                }
            } else {
                closer = closing.next
                openersBottom[bottomIndex] = delimiters[oldCloser].previous
                if !delimiters[oldCloser].canOpen { removeDelimiter(oldCloser) }
            }
        }
        while top >= 0, top != stackBottom { removeDelimiter(top) }
    }
}
