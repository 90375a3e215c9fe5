/// What compiling one snippet produced.
package struct CompileResult: Sendable, Codable, Hashable {
    /// True when `swiftc` produced a binary.
    package var succeeded: Bool
    /// True when the result came from the build cache without running `swiftc`.
    package var cached: Bool
    /// Time `swiftc` took (the original compile's time when cached).
    package var seconds: Double
    /// The compiler's diagnostics, mapped to the lesson's lines.
    package var diagnostics: [CompilerDiagnostic]
    /// The compiler's full output, for messages the parser did not recognise.
    package var output: String

    package init(
        succeeded: Bool, cached: Bool, seconds: Double, diagnostics: [CompilerDiagnostic],
        output: String
    ) {
        self.succeeded = succeeded
        self.cached = cached
        self.seconds = seconds
        self.diagnostics = diagnostics
        self.output = output
    }
}

/// One `file:line:col: error: message` line from the compiler.
package struct CompilerDiagnostic: Sendable, Codable, Hashable {
    package var file: String
    package var line: Int
    package var column: Int
    /// `error`, `warning` or `note` (encoded as that word).
    package var severity: Diagnostic.Severity
    package var message: String

    package init(file: String, line: Int, column: Int, severity: Diagnostic.Severity, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
    }

    /// Parses the compiler's output, keeping only `path:line:col: severity: message` lines.
    package static func parse(_ output: String) -> [CompilerDiagnostic] {
        var found: [CompilerDiagnostic] = []
        for line in output.split(separator: "\n") {
            for severity in [Diagnostic.Severity.error, .warning, .note] {
                guard let marker = line.firstRange(of: ": \(severity.rawValue): ") else { continue }
                let location = line[..<marker.lowerBound].split(separator: ":", omittingEmptySubsequences: false)
                guard location.count >= 3, let row = Int(location[location.count - 2]),
                    let column = Int(location[location.count - 1])
                else { continue }
                let file = location.dropLast(2).joined(separator: ":")
                found.append(
                    CompilerDiagnostic(
                        file: file, line: row, column: column, severity: severity,
                        message: String(line[marker.upperBound...])))
                break
            }
        }
        return found
    }

    /// `path:line:col: severity: message`.
    package var formatted: String { "\(file):\(line):\(column): \(severity.rawValue): \(message)" }
}
