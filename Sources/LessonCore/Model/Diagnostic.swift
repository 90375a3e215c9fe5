/// A problem found in a lesson, quiz or answer, with the place it points at.
package struct Diagnostic: Sendable, Hashable, Codable, Error {
    /// How serious a diagnostic is.
    package enum Severity: String, Sendable, Codable {
        case error
        case warning
        case note
    }

    /// The file as the user named it (relative paths stay relative).
    package var path: String
    /// 1-based line.
    package var line: Int
    /// 1-based column.
    package var column: Int
    package var severity: Severity
    package var message: String

    package init(path: String, line: Int, column: Int, severity: Severity = .error, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
    }

    /// `path:line:col: error: message`, followed by the source line and a caret under
    /// the column when `source` holds the file's text.
    package func formatted(source: String? = nil) -> String {
        var text = "\(path):\(line):\(column): \(severity.rawValue): \(message)"
        if let source, let sourceLine = source.line(line) {
            let indent: [Character] = sourceLine.prefix(max(0, column - 1)).map {
                $0 == "\t" ? "\t" : " "
            }
            text += "\n\(sourceLine)\n\(String(indent))^"
        }
        return text
    }
}

extension String {
    /// The 1-based line `number` of this text, without its line ending.
    package func line(_ number: Int) -> String? {
        let lines = SourceLines(self).lines
        guard number >= 1, number <= lines.count else { return nil }
        return lines[number - 1].text
    }
}
