/// Turns the compiler's verdict on an answer (compiled together with hidden checks) into
/// words for the learner: errors in the answer with their source lines, and errors in the
/// hidden files by message only, so the checks' source is never shown.
package enum CompileFeedback {
    /// The file name hidden checks are compiled under; diagnostics there show no location.
    package static let hiddenFile = "<hidden checks>"

    /// A message that starts with "Your answer does not compile yet:" and lists the errors.
    package static func describe(
        _ result: CompileResult, answerPath: String, answerSource: String
    ) -> String {
        let errors = result.diagnostics.filter { $0.severity == .error }
        let inAnswer = result.diagnostics.filter { $0.file == answerPath && $0.severity != .warning }
        let hidden = errors.filter { $0.file != answerPath }
        var text = "Your answer does not compile yet:\n"
        for diagnostic in inAnswer {
            text += "\n" + format(diagnostic, source: answerSource) + "\n"
        }
        if !hidden.isEmpty {
            let messages = uniqued(hidden.map(\.message))
            text +=
                inAnswer.contains(where: { $0.severity == .error })
                ? "\nThe hidden checks cannot use it either (this may follow from the errors above):\n"
                : """

                The hidden checks cannot use your answer: keep the names and signatures \
                the starter declares.

                """
            text += messages.prefix(8).map { "  - \($0)\n" }.joined()
        }
        if errors.isEmpty {
            text += "\n" + result.output + "\n"
        }
        return text
    }

    /// The compiler's warnings about the answer file, each with its source line.
    package static func warnings(
        _ result: CompileResult, answerPath: String, answerSource: String
    ) -> [String] {
        result.diagnostics.filter { $0.file == answerPath && $0.severity == .warning }
            .map { format($0, source: answerSource) }
    }

    private static func format(_ diagnostic: CompilerDiagnostic, source: String) -> String {
        let severity = diagnostic.severity
        return Diagnostic(
            path: diagnostic.file, line: diagnostic.line, column: diagnostic.column,
            severity: severity, message: diagnostic.message
        ).formatted(source: source)
    }

    private static func uniqued(_ messages: [String]) -> [String] {
        var seen = Set<String>()
        return messages.filter { seen.insert($0).inserted }
    }
}
