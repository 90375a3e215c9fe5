import Foundation

/// Where a snippet's check or compiler diagnostic points, in the coordinates of the code a
/// page shows (the editor of `lesson serve`, the code block of a static page): a line of the
/// code by its line in the code, a line of an expected block by its place in that block, each
/// with the lesson file's line beside it, saying so (`line 5:5 (06-task-locals.md:96)`).
/// The terminal names the file's lines; both pages ask this one place.
package enum EditorPlaces {
    /// A compiler diagnostic: its line and column in the code (nil when it points outside
    /// the snippet), and where, as a page says it.
    package static func diagnostic(_ diagnostic: CompilerDiagnostic, of snippet: Snippet, inLesson path: String) -> (
        line: Int?, column: Int, place: String
    ) {
        let inside = diagnostic.file == path && snippet.codeLines.contains(diagnostic.line)
        let line = diagnostic.line - snippet.codeLine + 1
        let column = inside ? max(1, diagnostic.column - (snippet.column - 1)) : diagnostic.column
        let file = (diagnostic.file as NSString).lastPathComponent
        return (
            inside ? line : nil, column,
            inside
                ? "line \(line):\(column) (\(file):\(diagnostic.line))"
                : "\(diagnostic.file):\(diagnostic.line):\(diagnostic.column)"
        )
    }

    /// A check's message with every line of an expected block named by its place in the block
    /// and the file's line (`expected line 2 (04-gather.md:88) "tick" appeared at …`), and the
    /// block the check looked at (`the expected output (04-gather.md:86)`).
    package static func check(_ check: Check, of snippet: Snippet, inLesson path: String) -> (
        message: String, place: String?
    ) {
        let file = (path as NSString).lastPathComponent
        var message = check.message
        var place: String?
        if let block = snippet.expectations.first(where: { $0.line == check.line }) {
            place = "the expected \(block.kind.rawValue) (\(file):\(block.line))"
        }
        for block in snippet.expectations {
            for (offset, expected) in block.lines.enumerated() {
                if check.kind == .diagnostics, check.line == expected.sourceLine {
                    place = "expected error line \(offset + 1) (\(file):\(expected.sourceLine))"
                }
                message = message.replacingOccurrences(
                    of: "line \(expected.sourceLine) \"",
                    with: "expected line \(offset + 1) (\(file):\(expected.sourceLine)) \"")
            }
        }
        return (message, place)
    }
}
