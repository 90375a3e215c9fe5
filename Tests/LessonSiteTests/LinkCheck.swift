import LessonSite

/// Finds every `href` and `src` of a set of generated pages and reports the internal ones
/// that do not resolve: a missing file, or a `#fragment` with no matching `id`.
struct LinkCheck {
    var files: [String: String]

    init(_ files: [SiteFile]) {
        self.files = Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.contents) })
    }

    /// The values of an attribute in an HTML text (double-quoted, as the site writes them).
    static func values(of attribute: String, in html: String) -> [String] {
        var found: [String] = []
        var rest = Substring(html)
        let marker = " \(attribute)=\""
        while let start = rest.firstRange(of: marker) {
            let value = rest[start.upperBound...]
            guard let end = value.firstIndex(of: "\"") else { break }
            found.append(String(value[..<end]))
            rest = value[end...]
        }
        return found
    }

    /// Every broken internal link, as `page: href (why)`.
    func broken() -> [String] {
        var problems: [String] = []
        for (page, html) in files where page.hasSuffix(".html") {
            for href in Self.values(of: "href", in: html) + Self.values(of: "src", in: html) {
                if href.hasPrefix("data:") || href.hasPrefix("https://") || href.hasPrefix("http://")
                    || href.hasPrefix("mailto:")
                {
                    continue
                }
                let parts = href.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                let target = parts[0].isEmpty ? page : String(parts[0])
                guard let targetHTML = files[target] else {
                    problems.append("\(page): \(href) (no such file)")
                    continue
                }
                if parts.count == 2, !Self.values(of: "id", in: targetHTML).contains(String(parts[1])) {
                    problems.append("\(page): \(href) (no id '\(parts[1])' in \(target))")
                }
            }
        }
        return problems.sorted()
    }

    /// Every `src` or stylesheet that would load something from the network.
    func external() -> [String] {
        var found: [String] = []
        for (page, html) in files where page.hasSuffix(".html") {
            for source in Self.values(of: "src", in: html) where source.contains("//") {
                found.append("\(page): \(source)")
            }
            for line in html.split(separator: "\n") where line.hasPrefix("<link") {
                for href in Self.values(of: "href", in: String(line)) where href.contains("//") {
                    found.append("\(page): \(href)")
                }
            }
        }
        return found
    }
}
