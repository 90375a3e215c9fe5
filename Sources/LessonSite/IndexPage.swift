import LessonCore

/// The front page: every lesson and quiz with its summary and its latest result at a glance
/// (verdict, when and where it was recorded or graded, and whether a lesson changed since).
struct IndexPage {
    var siteTitle: String
    var lessons: [(item: SiteLesson, state: LessonState)]
    var quizzes: [(quiz: SiteQuiz, title: String, summary: String?)]

    /// The page's main content and its pieces.
    func main() -> (html: String, pieces: [PagePiece]) {
        var out = "<article class=\"index\">\n<h1>\(HTML.text(siteTitle))</h1>\n"
        out +=
            "<p class=\"lead\">Swift concurrency, one small program at a time. Every snippet in these "
            + "lessons is compiled and run by <code>lesson</code>, and its output and timing are checked "
            + "against what the text promises; each page shows the last recorded run.</p>\n"
        out += tally()
        var pieces: [PagePiece] = [.heading(id: "lessons", level: 2, text: "Lessons")]
        out += "<h2 id=\"lessons\">Lessons</h2>\n"
        if lessons.isEmpty { out += "<p class=\"muted\">No lessons yet.</p>\n" }
        out += "<ol class=\"cards\">\n"
        for (item, state) in lessons {
            var status = Self.badge(state.status)
            if state.stale { status += " <span class=\"badge stale\">lesson changed since</span>" }
            if let recorded = state.recorded {
                status +=
                    "<span class=\"when\">\(HTML.text(readableTime(recorded.recordedAt))) on "
                    + "\(HTML.text(recorded.host))</span>"
            }
            out += card(
                href: item.pageName, number: item.number, title: item.lesson.title, summary: item.lesson.summary,
                status: status)
        }
        out += "</ol>\n<h2 id=\"quizzes\">Quizzes</h2>\n"
        if quizzes.isEmpty { out += "<p class=\"muted\">No quizzes yet.</p>\n" }
        out += "<ol class=\"cards\">\n"
        for entry in quizzes {
            var status = Self.badge(entry.quiz.status)
            if let grade = entry.quiz.grade {
                status += "<span class=\"when\">graded \(HTML.text(readableTime(grade.gradedAt)))</span>"
            }
            out += card(
                href: entry.quiz.pageName, number: entry.quiz.number, title: entry.title, summary: entry.summary,
                status: status)
        }
        out += "</ol>\n<h2 id=\"running\">Running it yourself</h2>\n"
        let running =
            "<p>The commands run in a terminal, in the workshop's folder. Put <code>lesson</code> on your "
            + "PATH once per shell: <code>swift build &amp;&amp; export PATH=\"$(swift build --show-bin-path):$PATH\""
            + "</code>.</p>\n"
            + "<p><code>lesson run 04</code> runs a lesson's snippets and checks them; <code>lesson quiz 01</code> "
            + "hands you a starter file and <code>lesson grade 01</code> grades it; <code>lesson site</code> "
            + "rebuilds these pages from the last recorded runs and grades. Press <kbd>/</kbd> to search, "
            + "<kbd>←</kbd> and <kbd>→</kbd> to turn pages.</p>\n"
        out += running
        pieces.append(.heading(id: "quizzes", level: 2, text: "Quizzes"))
        pieces.append(.heading(id: "running", level: 2, text: "Running it yourself"))
        pieces.append(.text(HTML.plainText(running)))
        return (out + "</article>\n", pieces)
    }

    /// One line that counts the lessons and quizzes by their state.
    func tally() -> String {
        func count(_ kinds: [String], _ words: [(String, String)]) -> String {
            words.compactMap { kind, word in
                let number = kinds.filter { $0 == kind }.count
                return number == 0 ? nil : "\(number) \(word)"
            }.joined(separator: ", ")
        }
        let lessonKinds = lessons.map { $0.state.status.kind }
        let quizKinds = quizzes.map { $0.quiz.status.kind }
        let stale = lessons.filter { $0.state.stale }.count
        var parts: [String] = []
        if !lessons.isEmpty {
            var text =
                "\(lessons.count) lesson\(lessons.count == 1 ? "" : "s"): "
                + count(
                    lessonKinds,
                    [("pass", "passing"), ("fail", "failing"), ("error", "with problems"), ("none", "not run yet")])
            if stale > 0 { text += " (\(stale) changed since its run)" }
            parts.append(text)
        }
        if !quizzes.isEmpty {
            parts.append(
                "\(quizzes.count) quiz\(quizzes.count == 1 ? "" : "zes"): "
                    + count(
                        quizKinds,
                        [
                            ("pass", "passed"), ("fail", "failing"), ("error", "not compiling"),
                            ("none", "not graded yet"),
                        ]
                    ))
        }
        guard !parts.isEmpty else { return "" }
        return "<p class=\"tally\">\(HTML.text(parts.joined(separator: "; "))).</p>\n"
    }

    /// A status as a coloured badge.
    static func badge(_ status: PageStatus) -> String {
        "<span class=\"badge \(HTML.attribute(status.kind))\">\(HTML.text(status.text))</span>"
    }

    /// One lesson or quiz as a card: number, title, summary and status line.
    func card(href: String, number: String, title: String, summary: String?, status: String) -> String {
        var out = "<li class=\"card\"><a href=\"\(HTML.attribute(href))\"><span class=\"num\">\(HTML.text(number))"
        out += "</span> \(HTML.text(title))</a>"
        if let summary { out += "<p>\(HTML.text(summary))</p>" }
        return out + "<p class=\"card-status\">\(status)</p></li>\n"
    }
}
