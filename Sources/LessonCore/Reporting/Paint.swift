/// ANSI styling for terminal reports; a no-op unless colour is on.
package struct Paint: Sendable {
    /// The styles reports use.
    package enum Style: String, Sendable {
        case bold = "1"
        case dim = "2"
        case red = "31"
        case green = "32"
        case yellow = "33"
    }

    /// True to emit escape codes (only on a TTY, never with `NO_COLOR`).
    package var color: Bool

    package init(color: Bool) {
        self.color = color
    }

    /// `text` in `style`, or unchanged when colour is off.
    package func callAsFunction(_ text: String, _ style: Style) -> String {
        color ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }
}

/// `text` with its lines broken at spaces so that none is longer than `width` (a word
/// longer than that stays whole), for terminal reports.
package func wrapped(_ text: String, width: Int) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
        var lines: [String] = []
        var current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            if !current.isEmpty, current.count + 1 + word.count > width {
                lines.append(current)
                current = String(word)
            } else {
                current += (current.isEmpty ? "" : " ") + word
            }
        }
        lines.append(current)
        return lines.joined(separator: "\n")
    }.joined(separator: "\n")
}
