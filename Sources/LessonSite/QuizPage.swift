import CommonMark
import LessonCore

/// The page of one quiz: the question, hints (revealed one at a time) and the starter file. A quiz's
/// checks and reference solution never reach this type.
struct QuizPage {
    var quiz: SiteQuiz

    /// The title: front matter `title:`, else the README's first heading, else the stem.
    var title: String { quiz.title }

    /// The page's main content and its pieces.
    func main() -> (html: String, pieces: [PagePiece]) {
        var anchors = AnchorSet(reserved: ["content", "search", "search-results", "hints", "starter"])
        let lesson = quiz.document.lesson
        let body = LessonBody(document: quiz.document, report: { _ in nil }, recording: nil, showsRuns: false)
            .render(anchors: &anchors)
        var pieces = body.pieces
        var out = "<article class=\"quiz\">\n<p class=\"kicker\">Quiz \(HTML.text(quiz.number))"
        let status = quiz.status
        out += " <span class=\"badge \(HTML.attribute(status.kind))\">\(HTML.text(status.text))</span></p>\n"
        out += LessonPage.insertLead(lesson.summary, title: lesson.title, into: body.html)
        out += gradeNote()
        out += Self.hints(lesson.hints)
        out += "<h2 id=\"starter\">Starter</h2>\n"
        pieces.append(.heading(id: "starter", level: 2, text: "Starter"))
        out +=
            "<p>Run <code>lesson quiz \(HTML.text(quiz.number))</code> to copy this file to your answer file, "
            + "edit it, then run <code>lesson grade \(HTML.text(quiz.number))</code>. The grader's checks stay "
            + "hidden; it tells you which pass. (Commands: <a href=\"index.html#running\">with <code>lesson</code> "
            + "on your PATH</a>.)</p>\n"
        if let starter = quiz.starter {
            out += CodeView.block(CodeView.visible(starter), label: "Starter.swift")
            pieces.append(.text(CodeView.visible(starter)))
        } else {
            out += "<p class=\"muted\">This quiz has no starter file yet.</p>\n"
        }
        return (out + "</article>\n", pieces)
    }

    /// The learner's last grade, said where the question starts: the verdict, when, and
    /// which answer file was graded.
    func gradeNote() -> String {
        guard let grade = quiz.grade else {
            return "<p class=\"grade none\">Not graded yet: <code>lesson grade \(HTML.text(quiz.number))</code> "
                + "grades your answer, and this page shows the result after the next <code>lesson site</code>.</p>\n"
        }
        return "<p class=\"grade \(HTML.attribute(grade.status.rawValue))\"><strong>Last grade: "
            + "\(HTML.text(grade.progress))</strong>, graded \(HTML.text(readableTime(grade.gradedAt))) "
            + "from <code>\(HTML.text(grade.answer))</code>.</p>\n"
    }

    /// The hints, one at a time: each hint's fold holds the next one, so hint 2 can only be
    /// opened after hint 1. They stay out of the search index, which would show them at once.
    static func hints(_ hints: [String]) -> String {
        guard !hints.isEmpty else { return "" }
        var out = "<section class=\"hints\" id=\"hints\">\n"
        for (index, hint) in hints.enumerated() {
            let label = "\(index == 0 ? "Stuck?" : "Still stuck?") Hint \(index + 1) of \(hints.count)"
            out += "<details class=\"hint\"><summary>\(HTML.text(label))</summary>\n<p>\(Self.inline(hint))</p>\n"
        }
        out += String(repeating: "</details>\n", count: hints.count)
        return out + "</section>\n"
    }

    /// One hint's markdown as inline HTML (its paragraph tags removed).
    static func inline(_ markdown: String) -> String {
        var html = CommonMark.renderHTML(markdown)
        while html.hasSuffix("\n") { html.removeLast() }
        if html.hasPrefix("<p>"), html.hasSuffix("</p>"), html.components("<p>") == 1 {
            return String(html.dropFirst(3).dropLast(4))
        }
        return html
    }
}

extension String {
    /// How many times `needle` occurs.
    fileprivate func components(_ needle: String) -> Int {
        var count = 0
        var rest = Substring(self)
        while let found = rest.firstRange(of: needle) {
            count += 1
            rest = rest[found.upperBound...]
        }
        return count
    }
}
