/// Problems in a workshop's content that stop a command before it runs anything (a
/// malformed lesson, a quiz with a missing file or a malformed README), each with the place
/// it points at. The one problems type of every command; maps to exit code 2.
package struct ContentProblems: Error, Sendable {
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

/// What the grader calls its content problems: the same type.
package typealias QuizProblems = ContentProblems
