import LessonCore

/// The front page: every lesson and quiz with its summary and last status.
struct IndexPage {
    var siteTitle: String
    var lessons: [SiteLesson]
    var quizzes: [(quiz: SiteQuiz, title: String, summary: String?)]

    /// The page's main content and its pieces.
    func main() -> (html: String, pieces: [PagePiece]) {
        var out = "<article class=\"index\">\n<h1>\(HTML.text(siteTitle))</h1>\n"
        out +=
            "<p class=\"lead\">Swift concurrency, one small program at a time. Every snippet in these "
            + "lessons is compiled and run by <code>lesson</code>, and its output and timing are checked "
            + "against what the text promises; each page shows the last recorded run.</p>\n"
        var pieces: [PagePiece] = [.heading(id: "lessons", level: 2, text: "Lessons")]
        out += "<h2 id=\"lessons\">Lessons</h2>\n"
        if lessons.isEmpty { out += "<p class=\"muted\">No lessons yet.</p>\n" }
        out += "<ol class=\"cards\">\n"
        for item in lessons {
            let status = item.status
            let recorded =
                item.recorded.map { " <span class=\"muted\">\(HTML.text(readableTime($0.recordedAt)))</span>" } ?? ""
            out += card(
                href: item.pageName, number: item.number, title: item.lesson.title, summary: item.lesson.summary,
                status:
                    "<span class=\"badge \(HTML.attribute(status.kind))\">\(HTML.text(status.text))</span>\(recorded)")
            pieces.append(.text("\(item.lesson.title) \(item.lesson.summary ?? "")"))
        }
        out += "</ol>\n<h2 id=\"quizzes\">Quizzes</h2>\n"
        pieces.append(.heading(id: "quizzes", level: 2, text: "Quizzes"))
        if quizzes.isEmpty { out += "<p class=\"muted\">No quizzes yet.</p>\n" }
        out += "<ol class=\"cards\">\n"
        for entry in quizzes {
            let status = entry.quiz.status ?? PageStatus(kind: "none", text: "not graded yet")
            out += card(
                href: entry.quiz.pageName, number: entry.quiz.number, title: entry.title, summary: entry.summary,
                status: "<span class=\"badge \(HTML.attribute(status.kind))\">\(HTML.text(status.text))</span>")
            pieces.append(.text("\(entry.title) \(entry.summary ?? "")"))
        }
        out += "</ol>\n<h2 id=\"running\">Running it yourself</h2>\n"
        out +=
            "<p><code>lesson run 04</code> runs a lesson's snippets and checks them; <code>lesson quiz 01</code> "
            + "hands you a starter file and <code>lesson grade 01</code> grades it; <code>lesson site</code> "
            + "rebuilds these pages from the last recorded runs. Press <kbd>/</kbd> to search, "
            + "<kbd>←</kbd> and <kbd>→</kbd> to turn pages.</p>\n"
        pieces.append(.heading(id: "running", level: 2, text: "Running it yourself"))
        return (out + "</article>\n", pieces)
    }

    func card(href: String, number: String, title: String, summary: String?, status: String) -> String {
        var out = "<li class=\"card\"><a href=\"\(HTML.attribute(href))\"><span class=\"num\">\(HTML.text(number))"
        out += "</span> \(HTML.text(title))</a>"
        if let summary { out += "<p>\(HTML.text(summary))</p>" }
        return out + "<p class=\"card-status\">\(status)</p></li>\n"
    }
}
