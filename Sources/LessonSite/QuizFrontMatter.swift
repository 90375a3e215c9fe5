import LessonCore

/// The fields of a quiz README's front matter the site uses: `title:`, `summary:` and
/// `hints:`. Hints may be one line (`hints: Look at …`) or a list of `- item` lines below
/// `hints:`. Anything else in the front matter is ignored here.
struct QuizFrontMatter: Hashable {
    var title: String?
    var summary: String?
    var hints: [String] = []

    init(_ source: String) {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first?.trimmingSpaces == "---",
            let end = lines.indices.dropFirst().first(where: { lines[$0].trimmingSpaces == "---" })
        else { return }
        var inHints = false
        for line in lines[1..<end] {
            let trimmed = line.trimmingSpaces
            if inHints, trimmed.hasPrefix("- ") || trimmed == "-" {
                let hint = Self.unquote(trimmed.dropFirst(1).trimmingSpaces)
                if !hint.isEmpty { hints.append(hint) }
                continue
            }
            inHints = false
            guard let colon = line.firstIndex(of: ":"), line.first?.isWhitespace == false else { continue }
            let key = line[..<colon].trimmingSpaces
            let value = Self.unquote(line[line.index(after: colon)...].trimmingSpaces)
            switch key {
            case "title": title = value
            case "summary": summary = value
            case "hints", "hint":
                inHints = true
                if !value.isEmpty { hints.append(value) }
            default: continue
            }
        }
    }

    /// The text without one pair of surrounding quotes.
    static func unquote(_ text: Substring) -> String {
        if text.count >= 2, let quote = text.first, quote == "\"" || quote == "'", text.last == quote {
            return String(text.dropFirst().dropLast())
        }
        return String(text)
    }
}
