/// The frame every page shares: head (with the page's Content-Security-Policy), top bar with
/// search, sidebar, previous/next links and the small inline script. Only the shell writes
/// raw markup; every value is escaped here.
struct PageShell {
    /// The workshop's name, shown in the top bar and page titles.
    var siteTitle: String
    /// Every lesson and quiz page, in reading order.
    var entries: [NavEntry]
    /// The Content-Security-Policy each page carries in a `<meta>`, or nil for none (when a
    /// server sends its own).
    var policy: String?

    /// A complete page.
    func page(
        title: String, href: String, main: String, headings: [PagePiece] = [], description: String? = nil
    ) -> String {
        let position = entries.firstIndex { $0.href == href }
        let previous: NavEntry? = position.flatMap { $0 > 0 ? entries[$0 - 1] : nil }
        var next: NavEntry? = position.flatMap { $0 + 1 < entries.count ? entries[$0 + 1] : nil }
        if href == "index.html" { next = entries.first }
        let fullTitle = href == "index.html" ? siteTitle : "\(title) · \(siteTitle)"
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        if let policy {
            out += "<meta http-equiv=\"Content-Security-Policy\" content=\"\(HTML.attribute(policy))\">\n"
        }
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(HTML.text(fullTitle))</title>\n"
        if let description { out += "<meta name=\"description\" content=\"\(HTML.attribute(description))\">\n" }
        out += "<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"style.css\">\n"
        if let previous { out += "<link rel=\"prev\" href=\"\(HTML.attribute(previous.href))\">\n" }
        if let next { out += "<link rel=\"next\" href=\"\(HTML.attribute(next.href))\">\n" }
        out += "</head>\n<body>\n<a class=\"skip\" href=\"#content\">Skip to content</a>\n"
        out += "<header class=\"top\"><a class=\"home\" href=\"index.html\">\(HTML.text(siteTitle))</a>"
        out += "<div class=\"search\" hidden><input type=\"search\" id=\"search\" placeholder=\"Search\""
        out += " title=\"Search (press /)\""
        out += " aria-label=\"Search the workshop\" autocomplete=\"off\" spellcheck=\"false\">"
        out += "<ul id=\"search-results\" hidden></ul></div></header>\n"
        out += "<div class=\"layout\">\n<main id=\"content\">\n\(main)"
        out += pager(previous: previous, next: next)
        out += "</main>\n" + sidebar(current: href, headings: headings) + "</div>\n"
        out += "<script>\(SiteScript.source)</script>\n"
        return out + "</body>\n</html>\n"
    }

    func pager(previous: NavEntry?, next: NavEntry?) -> String {
        guard previous != nil || next != nil else { return "" }
        var out = "<nav class=\"pager\" aria-label=\"Previous and next page\">"
        if let previous {
            out +=
                "<a rel=\"prev\" href=\"\(HTML.attribute(previous.href))\"><span>← previous</span>"
                + "\(HTML.text(label(previous)))</a>"
        } else {
            out += "<a rel=\"prev\" href=\"index.html\"><span>← contents</span>\(HTML.text(siteTitle))</a>"
        }
        if let next {
            out +=
                "<a rel=\"next\" href=\"\(HTML.attribute(next.href))\"><span>next →</span>"
                + "\(HTML.text(label(next)))</a>"
        }
        return out + "</nav>\n"
    }

    func label(_ entry: NavEntry) -> String {
        "\(entry.section == "quiz" ? "Quiz" : "Lesson") \(entry.number): \(entry.title)"
    }

    func sidebar(current: String, headings: [PagePiece]) -> String {
        var out = "<nav class=\"sidebar\" aria-label=\"Lessons and quizzes\">\n"
        out += "<a class=\"side-home\" href=\"index.html\"\(current == "index.html" ? " aria-current=\"page\"" : "")>"
        out += "Contents</a>\n"
        for (section, heading) in [("lesson", "Lessons"), ("quiz", "Quizzes")] {
            let items = entries.filter { $0.section == section }
            guard !items.isEmpty else { continue }
            out += "<h2>\(heading)</h2>\n<ol class=\"nav-list\">\n"
            for entry in items {
                let isCurrent = entry.href == current
                out += "<li><a href=\"\(HTML.attribute(entry.href))\"\(isCurrent ? " aria-current=\"page\"" : "")>"
                out += "<span class=\"num\">\(HTML.text(entry.number))</span> "
                out += "<span class=\"nav-title\">\(HTML.text(entry.title))</span>"
                if let status = entry.status {
                    out +=
                        " <span class=\"dot \(HTML.attribute(status.kind))\" title=\"\(HTML.attribute(status.text))\">"
                    out += "<span class=\"visually-hidden\">(\(HTML.text(status.text)))</span></span>"
                }
                out += "</a>"
                if isCurrent { out += toc(headings) }
                out += "</li>\n"
            }
            out += "</ol>\n"
        }
        return out + "</nav>\n"
    }

    /// The current page's second-level headings.
    func toc(_ pieces: [PagePiece]) -> String {
        var items = ""
        for piece in pieces {
            guard case .heading(let id, let level, let text) = piece, level == 2 else { continue }
            items += "<li><a href=\"#\(HTML.attribute(id))\">\(HTML.text(text))</a></li>"
        }
        return items.isEmpty ? "" : "<ul class=\"toc\">\(items)</ul>"
    }
}
