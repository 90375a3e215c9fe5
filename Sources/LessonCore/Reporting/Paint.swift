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
