extension Lesson {
    /// Moves compiler diagnostics that point into this lesson's snippets to the column the
    /// author sees: a snippet inside a list item or block quote is compiled without its
    /// container's indentation, so the compiler's columns are short by that much.
    package func mapColumns(_ diagnostics: [CompilerDiagnostic]) -> [CompilerDiagnostic] {
        diagnostics.map { diagnostic in
            guard diagnostic.file == path,
                let snippet = snippets.first(where: { $0.codeLines.contains(diagnostic.line) })
            else { return diagnostic }
            var moved = diagnostic
            moved.column += snippet.column - 1
            return moved
        }
    }
}

extension Snippet {
    /// The source lines the snippet's code occupies.
    package var codeLines: Range<Int> {
        let count = code.split(separator: "\n", omittingEmptySubsequences: false).count - (code.hasSuffix("\n") ? 1 : 0)
        return codeLine..<(codeLine + max(0, count))
    }
}
