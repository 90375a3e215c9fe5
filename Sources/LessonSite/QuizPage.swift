import CommonMark
import LessonCore

/// The page of one quiz: the question, hints (folded away) and the starter file. A quiz's
/// checks and reference solution never reach this type.
struct QuizPage {
    var quiz: SiteQuiz

    /// The title: front matter `title:`, else the README's first heading, else the stem.
    var title: String { parsed.title }

    /// The README parsed as a lesson (snippets highlighted, never run).
    var parsed: Lesson {
        var lesson = LessonParser.parse(quiz.readme, path: "Quizzes/\(quiz.stem)/README.md").0
        if let title = QuizFrontMatter(quiz.readme).title { lesson.title = title }
        return lesson
    }

    /// The page's main content and its pieces.
    func main() -> (html: String, pieces: [PagePiece]) {
        var anchors = AnchorSet(reserved: ["content", "search", "search-results", "hints", "starter"])
        let lesson = parsed
        let front = QuizFrontMatter(quiz.readme)
        let body = LessonBody(lesson: lesson, report: { _ in nil }, recording: nil, showsRuns: false)
            .render(anchors: &anchors)
        var pieces = body.pieces
        var out = "<article class=\"quiz\">\n<p class=\"kicker\">Quiz \(HTML.text(quiz.number))"
        let status = quiz.status
        out += " <span class=\"badge \(HTML.attribute(status.kind))\">\(HTML.text(status.text))</span></p>\n"
        out += LessonPage.insertLead(front.summary, title: lesson.title, into: body.html)
        out += gradeNote()
        if !front.hints.isEmpty {
            out += "<details class=\"hints\" id=\"hints\"><summary>Hints (\(front.hints.count))</summary><ol>\n"
            for hint in front.hints {
                out += "<li>\(Self.inline(hint))</li>\n"
                pieces.append(.text(hint))
            }
            out += "</ol></details>\n"
        }
        out += "<h2 id=\"starter\">Starter</h2>\n"
        pieces.append(.heading(id: "starter", level: 2, text: "Starter"))
        out +=
            "<p>Run <code>lesson quiz \(HTML.text(quiz.number))</code> to copy this file to your answer file, "
            + "edit it, then run <code>lesson grade \(HTML.text(quiz.number))</code>. The grader's checks stay "
            + "hidden; it tells you which pass.</p>\n"
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
        let verdict: String
        switch grade.status {
        case .pass: verdict = "every check passed"
        case .fail: verdict = "\(grade.total - grade.passed) of \(grade.total) checks failing"
        case .error: verdict = grade.total == 0 ? "the answer did not compile" : "the checks could not run"
        }
        return "<p class=\"grade \(HTML.attribute(grade.status.rawValue))\"><strong>Last grade: "
            + "\(HTML.text(grade.progress))</strong> (\(HTML.text(verdict))), graded "
            + "\(HTML.text(readableTime(grade.gradedAt))) from <code>\(HTML.text(grade.answer))</code>.</p>\n"
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
