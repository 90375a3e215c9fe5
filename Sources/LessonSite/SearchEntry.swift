/// One entry of the prebuilt search index: a section of a page and its text.
package struct SearchEntry: Sendable, Hashable {
    /// The section's heading.
    package var title: String
    /// The page's title.
    package var page: String
    /// A relative link to the section.
    package var url: String
    /// The section's plain text, shortened.
    package var text: String

    /// The most characters of text an entry keeps.
    static let textLimit = 1500

    /// Splits a page's pieces into one entry per heading (text before the first heading
    /// belongs to the page itself).
    static func entries(page: String, href: String, pieces: [PagePiece]) -> [SearchEntry] {
        var entries = [SearchEntry(title: page, page: page, url: href, text: "")]
        for piece in pieces {
            switch piece {
            case .heading(let id, let level, let text):
                if level == 1 && entries.count == 1 { continue }
                entries.append(SearchEntry(title: text, page: page, url: "\(href)#\(id)", text: ""))
            case .text(let text):
                var last = entries[entries.count - 1]
                guard last.text.count < textLimit else { continue }
                last.text += (last.text.isEmpty ? "" : " ") + text
                if last.text.count > textLimit { last.text = String(last.text.prefix(textLimit)) }
                entries[entries.count - 1] = last
            }
        }
        return entries
    }

    /// The whole index as a script that sets `window.LESSON_SEARCH`; loaded with a relative
    /// `<script src>` so it works from `file://`.
    static func script(_ entries: [SearchEntry]) -> String {
        var out = "window.LESSON_SEARCH = [\n"
        out += entries.map { entry in
            "{\"t\":\(HTML.jsonString(entry.title)),\"p\":\(HTML.jsonString(entry.page)),"
                + "\"u\":\(HTML.jsonString(entry.url)),\"x\":\(HTML.jsonString(collapse(entry.text)))}"
        }.joined(separator: ",\n")
        return out + "\n];\n"
    }

    /// Text with runs of white space made single spaces.
    static func collapse(_ text: String) -> String {
        var out = ""
        var space = false
        for character in text {
            if character.isWhitespace {
                space = !out.isEmpty
            } else {
                if space { out.append(" ") }
                out.append(character)
                space = false
            }
        }
        return out
    }
}
