import LessonCore

/// Replaces one snippet's code inside its lesson's text and leaves every other byte as it
/// was (the way `lesson bless` rewrites output blocks): the fence lines, the prose, the
/// container prefixes of a snippet inside a list item or block quote, and the line endings.
package enum FenceRewriter {
    /// Why new code cannot go into the fence.
    package enum Problem: Error, Equatable, CustomStringConvertible {
        /// A line of the code would end the fenced block early.
        case closesFence(line: Int)

        /// The problem in words.
        package var description: String {
            switch self {
            case .closesFence(let line):
                "line \(line) of the code would close the snippet's fence; use a longer fence in the lesson"
            }
        }
    }

    /// The lesson's text with `snippet`'s code replaced by `code`.
    package static func replacing(
        _ snippet: Snippet, in lesson: Lesson, with code: String
    ) throws(Problem) -> String {
        var source = SourceLines(lesson.source)
        let fence = source.lines[snippet.line - 1]
        let prefix = containerPrefix(fence.text, fenceColumn: snippet.column)
        let marker = fenceMarker(fence.text, fenceColumn: snippet.column)
        // Every line ending the code may hold (CRLF, a bare CR) becomes the lesson's own: a CR
        // left inside a line would end it there in the lesson file, and could close the fence.
        let code = normalisedLineEndings(code)
        var lines = code.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if code.hasSuffix("\n") { lines.removeLast() }
        if code.isEmpty { lines = [] }
        for (index, line) in lines.enumerated() where closes(line, marker: marker) {
            throw .closesFence(line: index + 1)
        }
        let first = snippet.line  // the line after the opening fence, counted from 0
        let range =
            snippet.code.isEmpty
            ? first..<first : (snippet.codeLines.lowerBound - 1)..<(snippet.codeLines.upperBound - 1)
        source.lines.replaceSubrange(
            range,
            with: lines.map {
                SourceLines.Line(text: $0.isEmpty ? trimmedTrailing(prefix) : prefix + $0, ending: fence.ending)
            })
        return source.text
    }

    /// What stands before the fence on its line, with list indentation as spaces and block
    /// quote markers kept.
    static func containerPrefix(_ fenceLine: String, fenceColumn: Int) -> String {
        String(
            fenceLine.utf8.prefix(fenceColumn - 1).map {
                $0 == UInt8(ascii: ">") || $0 == 9 ? Character(UnicodeScalar($0)) : " "
            })
    }

    /// The fence's character and length, e.g. (`` ` ``, 3).
    static func fenceMarker(_ fenceLine: String, fenceColumn: Int) -> (UInt8, Int) {
        let rest = fenceLine.utf8.dropFirst(fenceColumn - 1).drop { $0 == UInt8(ascii: " ") }
        guard let character = rest.first else { return (UInt8(ascii: "`"), 3) }
        return (character, rest.prefix { $0 == character }.count)
    }

    /// True when `line` (as code, before the container prefix) would close the fence.
    static func closes(_ line: String, marker: (UInt8, Int)) -> Bool {
        let bytes = Array(line.utf8)
        let indent = bytes.prefix { $0 == UInt8(ascii: " ") }.count
        guard indent <= 3 else { return false }
        let rest = bytes.dropFirst(indent)
        let run = rest.prefix { $0 == marker.0 }.count
        return run >= marker.1 && rest.dropFirst(run).allSatisfy { $0 == UInt8(ascii: " ") || $0 == 9 }
    }

    /// `text` with every CRLF and every bare CR turned into LF.
    static func normalisedLineEndings(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            if scalar == "\n", afterCR { continue }
            out.append(scalar == "\r" ? "\n" : scalar)
        }
        return String(out)
    }

    private static func trimmedTrailing(_ text: String) -> String {
        var text = text
        while text.last == " " { text.removeLast() }
        return text
    }
}
