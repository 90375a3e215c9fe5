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
        let scalars = Array(text.unicodeScalars)
        var failed = Set<Int>()
        return match(segment: 0, at: 0, in: scalars, failed: &failed)
    }

    private func match(
        segment index: Int, at position: Int, in text: [Unicode.Scalar], failed: inout Set<Int>
    ) -> Bool {
        if index == segments.count { return position == text.count }
        let key = index * (text.count + 1) + position
        if failed.contains(key) { return false }
        for end in ends(of: segments[index], from: position, in: text).reversed()
        where match(segment: index + 1, at: end, in: text, failed: &failed) {
            return true
        }
        failed.insert(key)
        return false
    }

    /// Every position where `segment` could end when it starts at `start`, shortest first.
    private func ends(of segment: Segment, from start: Int, in text: [Unicode.Scalar]) -> [Int] {
        let n = text.count
        func run(from index: Int, _ accept: (Unicode.Scalar) -> Bool) -> Int {
            var end = index
            while end < n, accept(text[end]) { end += 1 }
            return end
        }
        switch segment {
        case .literal(let scalars):
            guard start + scalars.count <= n,
                text[start..<(start + scalars.count)].elementsEqual(scalars)
            else { return [] }
            return [start + scalars.count]
        case .any:
            return Array(start...n)
        case .int:
            let digitsStart = start < n && text[start] == "-" ? start + 1 : start
            let end = run(from: digitsStart, isDigit)
            return end > digitsStart ? Array((digitsStart + 1)...end) : []
        case .float:
            let digitsStart = start < n && text[start] == "-" ? start + 1 : start
            let intEnd = run(from: digitsStart, isDigit)
            guard intEnd > digitsStart else { return [] }
            var ends = Array((digitsStart + 1)...intEnd)
            var end = intEnd
            if end < n, text[end] == ".", end + 1 < n, isDigit(text[end + 1]) {
                end = run(from: end + 1, isDigit)
                ends.append(end)
            }
            if end < n, text[end] == "e" || text[end] == "E" {
                var exponent = end + 1
                if exponent < n, text[exponent] == "-" || text[exponent] == "+" { exponent += 1 }
                let exponentEnd = run(from: exponent, isDigit)
                if exponentEnd > exponent { ends.append(exponentEnd) }
            }
            return ends
        case .hex:
            var digitsStart = start
            if start + 1 < n, text[start] == "0", text[start + 1] == "x" { digitsStart += 2 }
            let end = run(from: digitsStart, isHexDigit)
            return end > digitsStart ? Array((digitsStart + 1)...end) : []
        case .uuid:
            var position = start
            for (group, length) in [8, 4, 4, 4, 12].enumerated() {
                if group > 0 {
                    guard position < n, text[position] == "-" else { return [] }
                    position += 1
                }
                guard run(from: position, isHexDigit) - position >= length else { return [] }
                position += length
            }
            return [position]
        case .time:
            guard start + 8 <= n else { return [] }
            for (offset, scalar) in text[start..<(start + 8)].enumerated() {
                let wantsColon = offset == 2 || offset == 5
                guard wantsColon ? scalar == ":" : isDigit(scalar) else { return [] }
            }
            return [start + 8]
        }
    }
}

private func isDigit(_ scalar: Unicode.Scalar) -> Bool {
    scalar >= "0" && scalar <= "9"
}

private func isHexDigit(_ scalar: Unicode.Scalar) -> Bool {
    isDigit(scalar) || (scalar >= "a" && scalar <= "f") || (scalar >= "A" && scalar <= "F")
}
