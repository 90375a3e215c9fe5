/// The text part of an expected line: literal text with placeholders such as `{int}`,
/// or the `...` line that matches any number of lines.
package struct LinePattern: Sendable, Hashable {
    /// One piece of a pattern.
    package enum Segment: Sendable, Hashable {
        case literal([Unicode.Scalar])
        /// `{uuid}`: 8-4-4-4-12 hex digits.
        case uuid
        /// `{int}`: an optional minus and digits.
        case int
        /// `{float}`: an optional minus, digits, an optional fraction and exponent.
        case float
        /// `{hex}`: hex digits, with an optional `0x`.
        case hex
        /// `{time}`: a wall-clock time `HH:MM:SS`.
        case time
        /// `{any}`: any text, possibly empty, within the line.
        case any
    }

    /// The pieces in order; empty for an ellipsis.
    package var segments: [Segment]
    /// True for the line `...`.
    package var isEllipsis: Bool

    /// Parses a pattern line. Braces that do not name a placeholder are literal text.
    package init(_ text: Substring) {
        isEllipsis = text == "..."
        segments = []
        guard !isEllipsis else { return }
        let names: [String: Segment] = [
            "uuid": .uuid, "int": .int, "float": .float, "hex": .hex, "time": .time, "any": .any,
        ]
        var literal: [Unicode.Scalar] = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "{") {
            literal.append(contentsOf: rest[..<open].unicodeScalars)
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"),
                let segment = names[String(rest[afterOpen..<close])]
            {
                if !literal.isEmpty { segments.append(.literal(literal)) }
                literal = []
                segments.append(segment)
                rest = rest[rest.index(after: close)...]
            } else {
                literal.append("{")
                rest = rest[afterOpen...]
            }
        }
        literal.append(contentsOf: rest.unicodeScalars)
        if !literal.isEmpty { segments.append(.literal(literal)) }
    }

    /// A pattern that matches exactly `text`, braces and all.
    package init(literal text: Substring) {
        isEllipsis = false
        segments = text.isEmpty ? [] : [.literal(Array(text.unicodeScalars))]
    }

    /// `text` as it must be written in an expectation block to match itself: with a leading
    /// backslash when it would otherwise read as a stamp, an ellipsis, a placeholder, an
    /// escape or a closing fence.
    package static func escaped(_ text: String) -> String {
        let trimmed = text.drop { $0 == " " }
        let needsEscape =
            text.hasPrefix("\\") || ExpectedLine.looksStamped(text) || text == "..." || trimmed.hasPrefix("```")
            || trimmed.hasPrefix("~~~") || LinePattern(Substring(text)) != LinePattern(literal: Substring(text))
        return needsEscape ? "\\" + text : text
    }

    /// True when the whole of `text` matches (never for an ellipsis, which matches lines,
    /// not text).
    package func matches(_ text: String) -> Bool {
        guard !isEllipsis else { return false }
        if segments.count == 1, case .literal(let scalars) = segments[0] {
            return text.unicodeScalars.elementsEqual(scalars)
        }
        return Matcher(Array(text.unicodeScalars)).matches(segments)
    }

    /// Matches segments against one line's scalars front to back, keeping the set of positions
    /// where the segments so far can end: no recursion, so no pattern is too long for the
    /// stack, and linear work per segment (runs of digits are measured once, literals found
    /// with a prefix table), so no pattern and line are too long for the time either.
    private struct Matcher {
        let text: [Unicode.Scalar]
        /// `digitEnd[p]`: the end of the run of decimal digits starting at `p`.
        let digitEnd: [Int]
        /// `hexEnd[p]`: the end of the run of hex digits starting at `p`.
        let hexEnd: [Int]

        init(_ text: [Unicode.Scalar]) {
            self.text = text
            var digitEnd = Array(0...text.count)
            var hexEnd = digitEnd
            for p in stride(from: text.count - 1, through: 0, by: -1) {
                if isDigit(text[p]) { digitEnd[p] = digitEnd[p + 1] }
                if isHexDigit(text[p]) { hexEnd[p] = hexEnd[p + 1] }
            }
            self.digitEnd = digitEnd
            self.hexEnd = hexEnd
        }

        func matches(_ segments: [Segment]) -> Bool {
            let n = text.count
            var reachable = [Bool](repeating: false, count: n + 1)
            reachable[0] = true
            for segment in segments {
                // Ends reached through a range of positions are marked in `cover` as +1 at the
                // range's start and -1 after its end, then summed.
                var cover = [Int](repeating: 0, count: n + 2)
                var next = [Bool](repeating: false, count: n + 1)
                func mark(_ range: ClosedRange<Int>) {
                    cover[range.lowerBound] += 1
                    cover[range.upperBound + 1] -= 1
                }
                switch segment {
                case .literal(let scalars):
                    for start in occurrences(of: scalars) where reachable[start] { next[start + scalars.count] = true }
                case .any:
                    if let first = reachable.firstIndex(of: true) { mark(first...n) }
                default:
                    for start in 0...n where reachable[start] {
                        ends(of: segment, from: start, mark: mark, single: { next[$0] = true })
                    }
                }
                var covered = 0
                var any = false
                for p in 0...n {
                    covered += cover[p]
                    if covered > 0 { next[p] = true }
                    any = any || next[p]
                }
                guard any else { return false }
                reachable = next
            }
            return reachable[n]
        }

        /// Every position where `literal` occurs in the text (Knuth–Morris–Pratt).
        func occurrences(of literal: [Unicode.Scalar]) -> [Int] {
            let m = literal.count
            guard m > 0 else { return Array(0...text.count) }
            guard m <= text.count else { return [] }
            var border = [Int](repeating: 0, count: m)
            var k = 0
            for i in 1..<m {
                while k > 0, literal[i] != literal[k] { k = border[k - 1] }
                if literal[i] == literal[k] { k += 1 }
                border[i] = k
            }
            var found: [Int] = []
            k = 0
            for (i, scalar) in text.enumerated() {
                while k > 0, scalar != literal[k] { k = border[k - 1] }
                if scalar == literal[k] { k += 1 }
                if k == m {
                    found.append(i + 1 - m)
                    k = border[k - 1]
                }
            }
            return found
        }

        /// Where a placeholder starting at `start` can end: ranges go to `mark`, single
        /// positions to `single`.
        func ends(
            of segment: Segment, from start: Int, mark: (ClosedRange<Int>) -> Void, single: (Int) -> Void
        ) {
            let n = text.count
            switch segment {
            case .literal, .any:
                preconditionFailure("literals and {any} are matched in bulk")
            case .int:
                let digitsStart = start < n && text[start] == "-" ? start + 1 : start
                let end = digitEnd[digitsStart]
                if end > digitsStart { mark((digitsStart + 1)...end) }
            case .float:
                let digitsStart = start < n && text[start] == "-" ? start + 1 : start
                let intEnd = digitEnd[digitsStart]
                guard intEnd > digitsStart else { return }
                mark((digitsStart + 1)...intEnd)
                var end = intEnd
                if end < n, text[end] == ".", end + 1 < n, isDigit(text[end + 1]) {
                    end = digitEnd[end + 1]
                    single(end)
                }
                if end < n, text[end] == "e" || text[end] == "E" {
                    var exponent = end + 1
                    if exponent < n, text[exponent] == "-" || text[exponent] == "+" { exponent += 1 }
                    let exponentEnd = digitEnd[exponent]
                    if exponentEnd > exponent { single(exponentEnd) }
                }
            case .hex:
                var digitsStart = start
                if start + 1 < n, text[start] == "0", text[start + 1] == "x" { digitsStart += 2 }
                let end = hexEnd[digitsStart]
                if end > digitsStart { mark((digitsStart + 1)...end) }
            case .uuid:
                var position = start
                for (group, length) in [8, 4, 4, 4, 12].enumerated() {
                    if group > 0 {
                        guard position < n, text[position] == "-" else { return }
                        position += 1
                    }
                    guard hexEnd[position] - position >= length else { return }
                    position += length
                }
                single(position)
            case .time:
                guard start + 8 <= n else { return }
                for (offset, scalar) in text[start..<(start + 8)].enumerated() {
                    let wantsColon = offset == 2 || offset == 5
                    guard wantsColon ? scalar == ":" : isDigit(scalar) else { return }
                }
                single(start + 8)
            }
        }
    }
}

private func isDigit(_ scalar: Unicode.Scalar) -> Bool {
    scalar >= "0" && scalar <= "9"
}

private func isHexDigit(_ scalar: Unicode.Scalar) -> Bool {
    isDigit(scalar) || (scalar >= "a" && scalar <= "f") || (scalar >= "A" && scalar <= "F")
}
