import LessonCore

/// A block of highlighted Swift, wrapped so the page script can give it a copy button.
enum CodeView {
    /// The HTML of a code block; `hidden` lines (between `// snippet.hide` and
    /// `// snippet.show`) must already be removed.
    static func block(_ code: String, label: String? = nil) -> String {
        var trimmed = Substring(code)
        while trimmed.hasSuffix("\n") { trimmed.removeLast() }
        let labelAttribute = label.map { " aria-label=\"\(HTML.attribute($0))\"" } ?? ""
        return "<div class=\"code-wrap\"><pre class=\"code\"\(labelAttribute)><code class=\"language-swift\">"
            + SwiftHighlighter.html(String(trimmed)) + "</code></pre></div>\n"
    }

    /// `code` without the lines between `// snippet.hide` and `// snippet.show` and without
    /// the markers, as the site shows it.
    static func visible(_ code: String) -> String {
        Snippet(id: "", line: 0, column: 0, code: code, codeLine: 0).visibleCode
    }
}
