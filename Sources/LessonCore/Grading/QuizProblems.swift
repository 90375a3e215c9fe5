/// Problems that make a quiz unusable (a missing file, a malformed README), each with the
/// place it points at. Maps to exit code 2.
package struct QuizProblems: Error, Sendable {
    /// Every problem found.
    package var diagnostics: [Diagnostic]
    /// The text of the files the diagnostics point into, to show the offending lines.
    package var sources: [String: String]

    package init(diagnostics: [Diagnostic], sources: [String: String] = [:]) {
        self.diagnostics = diagnostics
        self.sources = sources
    }

    /// Every diagnostic with its source line, and a count.
    package var formatted: String {
        diagnostics.map { $0.formatted(source: sources[$0.path]) }.joined(separator: "\n") + "\n"
            + "\(diagnostics.count) problem\(diagnostics.count == 1 ? "" : "s") found\n"
    }
}
