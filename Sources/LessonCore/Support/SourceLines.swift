/// A text cut into lines the way CommonMark counts them (`\n`, `\r\n` or a lone `\r` ends a
/// line), each line keeping its own ending, so the text can be put back byte for byte.
package struct SourceLines: Sendable {
    /// One line: its text without the ending, and the ending (empty for a last line without one).
    package struct Line: Sendable, Hashable {
        package var text: String
        package var ending: String

        package init(text: String, ending: String) {
            self.text = text
            self.ending = ending
        }
    }

    package var lines: [Line] = []

    package init(_ text: String) {
        var current = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            if scalar == "\n" {
                lines.append(Line(text: String(current), ending: "\n"))
                current = String.UnicodeScalarView()
            } else if scalar == "\r" {
                if pending == "\n" {
                    pending = scalars.next()
                    lines.append(Line(text: String(current), ending: "\r\n"))
                } else {
                    lines.append(Line(text: String(current), ending: "\r"))
                }
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        // Like splitting on the line ending: a text that ends with one has an empty last line.
        lines.append(Line(text: String(current), ending: ""))
    }

    /// The text again, each line followed by its ending.
    package var text: String {
        lines.map { $0.text + $0.ending }.joined()
    }
}
