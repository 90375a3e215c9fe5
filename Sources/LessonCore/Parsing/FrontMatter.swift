/// The `---` block at the top of a lesson or a quiz's README: `title:`, `summary:`,
/// `timeout:` and `hints:` (one line, or `- item` lines below it). The one reader of front
/// matter: lessons, quizzes, `lesson quiz --hints` and the site all use what it found.
package struct FrontMatter: Sendable, Hashable {
    /// The keys front matter may hold.
    package static let keys = ["title", "summary", "timeout", "hints"]

    /// `title:`, unquoted.
    package var title: String?
    /// `summary:`, unquoted.
    package var summary: String?
    /// `timeout:` as written (the lesson parser checks it is a duration).
    package var timeout: String?
    /// `hints:`, in order.
    package var hints: [String] = []
    /// The source line of each key.
    package var keyLines: [String: Int] = [:]
    /// The lines the front matter spans, `---` lines included; nil when there is none.
    package var lines: ClosedRange<Int>?

    /// No front matter.
    package init() {}

    /// Reads the front matter of `source` (lines ended by `\n`); problems (an unclosed block,
    /// a line that is not `key: value`, an unknown key) come back with their line.
    package static func parse(_ source: String) -> (FrontMatter, [(line: Int, message: String)]) {
        var fields = FrontMatter()
        var problems: [(line: Int, message: String)] = []
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first?.trimmingSpaces == "---" else { return (fields, problems) }
        guard let end = lines.indices.dropFirst().first(where: { lines[$0].trimmingSpaces == "---" }) else {
            problems.append((1, "the front matter that starts here is never closed; end it with a '---' line"))
            return (fields, problems)
        }
        fields.lines = 1...(end + 1)
        var inHints = false
        for index in 1..<end {
            let line = lines[index]
            let trimmed = line.trimmingSpaces
            if trimmed.isEmpty || line.hasPrefix("#") { continue }
            if inHints, line.first?.isWhitespace == true || line.hasPrefix("-") {
                if trimmed.hasPrefix("-") {
                    let hint = unquote(trimmed.dropFirst().trimmingSpaces)
                    if !hint.isEmpty { fields.hints.append(hint) }
                }
                continue
            }
            inHints = false
            guard let colon = line.firstIndex(of: ":") else {
                problems.append((index + 1, "front matter lines look like 'key: value'"))
                continue
            }
            let key = String(line[..<colon].trimmingSpaces)
            let value = unquote(line[line.index(after: colon)...].trimmingSpaces)
            fields.keyLines[key] = index + 1
            switch key {
            case "title": fields.title = value
            case "summary": fields.summary = value
            case "timeout": fields.timeout = value
            case "hints":
                inHints = true
                if !value.isEmpty { fields.hints.append(value) }
            default:
                let suggestion = key == "hint" ? "; did you mean 'hints'?" : ""
                problems.append(
                    (
                        index + 1,
                        "unknown front matter key '\(key)'; known: \(keys.joined(separator: ", "))\(suggestion)"
                    ))
            }
        }
        return (fields, problems)
    }

    /// `source` with the front matter's lines emptied, so line numbers stay true.
    package func blanked(_ source: String) -> String {
        guard let lines else { return source }
        var all = source.split(separator: "\n", omittingEmptySubsequences: false)
        for index in (lines.lowerBound - 1)..<min(lines.upperBound, all.count) { all[index] = "" }
        return all.joined(separator: "\n")
    }

    /// `source` without the front matter's lines.
    package func removed(from source: String) -> String {
        guard let lines else { return source }
        return source.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(lines.upperBound)
            .joined(separator: "\n")
    }

    private static func unquote(_ text: Substring) -> String {
        if text.count >= 2, let quote = text.first, quote == "\"" || quote == "'", text.last == quote {
            return String(text.dropFirst().dropLast())
        }
        return String(text)
    }
}
