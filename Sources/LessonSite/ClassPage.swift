import LessonCore

/// The instructor's page of a class gradebook (`class.html`, written by `lesson site --class
/// DIR` and linked from no other page): the room's pass rate per quiz, each check's pass rate
/// as a bar that links the lesson section the check points at, the checks the room fails most,
/// and the learners × quizzes matrix. Bars are `<meter>` elements, so the page needs no style
/// or script beyond the site's own and prints as it shows.
package struct ClassPage {
    /// The page's file name.
    package static let pageName = "class.html"

    package var gradebook: Gradebook
    /// The lessons of the site, to link `Lessons/STEM.md#section` to their pages.
    package var lessons: [SiteLesson]

    package init(gradebook: Gradebook, lessons: [SiteLesson]) {
        self.gradebook = gradebook
        self.lessons = lessons
    }

    /// The complete page.
    package func render(title: String = LessonSite.defaultTitle) -> SiteFile {
        let shell = PageShell(siteTitle: title, entries: [])
        return SiteFile(
            path: Self.pageName,
            contents: shell.page(
                title: "Class gradebook", href: Self.pageName, main: main(), headings: [],
                description: "The class's gradebook: pass rates per quiz and per check, and every learner's grade"))
    }

    /// The site page of a check's `Lessons/STEM.md#section`, or nil when the site has no
    /// such lesson.
    func link(_ lesson: String) -> String? {
        let parts = lesson.split(separator: "#", maxSplits: 1).map(String.init)
        guard let file = parts.first?.split(separator: "/").last, file.hasSuffix(".md") else { return nil }
        let stem = String(file.dropLast(3))
        guard let page = lessons.first(where: { $0.stem == stem })?.pageName else { return nil }
        return parts.count == 2 ? "\(page)#\(parts[1])" : page
    }

    func main() -> String {
        let book = gradebook
        let counts = GradebookRow.Status.allCases.map { "\(book.count($0)) \($0.rawValue)" }
        var out = "<h1>Class gradebook</h1>\n"
        out +=
            "<p>\(book.learners.count) learners × \(book.quizzes.count) quizzes: "
            + HTML.text(counts.joined(separator: ", "))
            + (book.shard.map { ". Shard \(HTML.text($0)) of the class only" } ?? "") + ".</p>\n"
        out += "<h2 id=\"quizzes\">Pass rate per quiz</h2>\n"
        out += "<table class=\"class-rates\">\n<thead><tr><th scope=\"col\">Quiz</th>"
        out +=
            "<th scope=\"col\">Pass rate</th><th scope=\"col\">Passed</th><th scope=\"col\">Submitted</th></tr></thead>\n<tbody>\n"
        for (quiz, rate) in zip(book.quizzes, book.quizRates) {
            out +=
                "<tr><th scope=\"row\">\(HTML.text(quiz.id)) <span class=\"muted\">\(HTML.text(quiz.title))</span></th>"
            out += "<td>\(meter(rate.passRate, label: "\(quiz.id) pass rate"))</td>"
            out += "<td>\(rate.passed) of \(rate.learners)</td><td>\(rate.submitted)</td></tr>\n"
        }
        out += "</tbody>\n</table>\n"
        out += "<h2 id=\"most-failed\">Most failed checks</h2>\n"
        if book.mostFailed.isEmpty {
            out += "<p>No check failed.</p>\n"
        } else {
            out += "<ol class=\"most-failed\">\n"
            for rate in book.mostFailed {
                out += "<li>\(checkName(rate)): failed by \(rate.failed) of \(rate.ran) answers</li>\n"
            }
            out += "</ol>\n"
        }
        out += "<h2 id=\"checks\">Every check</h2>\n"
        out +=
            "<p>Each check's pass rate among the answers it ran on; its name links the lesson section it points at.</p>\n"
        out += "<table class=\"class-checks\">\n<thead><tr><th scope=\"col\">Quiz</th><th scope=\"col\">Check</th>"
        out += "<th scope=\"col\">Pass rate</th><th scope=\"col\">Passed</th></tr></thead>\n<tbody>\n"
        for rate in book.checkRates {
            out += "<tr><td>\(HTML.text(rate.quiz))</td><td>\(checkName(rate))</td>"
            out += "<td>\(meter(rate.passRate, label: "\(rate.check) pass rate"))</td>"
            out += "<td>\(rate.passed) of \(rate.ran)</td></tr>\n"
        }
        out += "</tbody>\n</table>\n"
        out += "<h2 id=\"learners\">Learners × quizzes</h2>\n"
        out += "<table class=\"class-matrix\">\n<thead><tr><th scope=\"col\">Learner</th>"
        let columns = book.quizzes.map(\.id) + book.unknownQuizzes
        for quiz in columns { out += "<th scope=\"col\">\(HTML.text(quiz))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for learner in book.learners {
            out += "<tr><th scope=\"row\">\(HTML.text(learner))</th>"
            for quiz in columns {
                out += "<td>\(cell(book.row(learner: learner, quiz: quiz)))</td>"
            }
            out += "</tr>\n"
        }
        out += "</tbody>\n</table>\n"
        return out
    }

    /// A pass rate as a bar with its number beside it.
    func meter(_ rate: Double, label: String) -> String {
        let percent = Int((rate * 100).rounded())
        return "<meter min=\"0\" max=\"1\" low=\"0.5\" high=\"0.8\" optimum=\"1\" value=\"\(rate)\""
            + " aria-label=\"\(HTML.attribute(label))\">\(percent)%</meter> \(percent)%"
    }

    /// A check's name, linking its lesson section when the site has it.
    func checkName(_ rate: Gradebook.CheckRate) -> String {
        guard let href = link(rate.lesson) else { return HTML.text(rate.check) }
        return "<a href=\"\(HTML.attribute(href))\">\(HTML.text(rate.check))</a>"
    }

    /// One learner × quiz: the status as a badge, with the checks passed and the reason.
    func cell(_ row: GradebookRow?) -> String {
        guard let row else { return "" }
        // The badge's colour: a missing answer looks like a page never run (`none`).
        let kind = row.status == .missing ? "none" : row.status.rawValue
        var text = row.status.rawValue
        if row.total > 0 { text += " \(row.passed)/\(row.total)" }
        let title = row.reason.isEmpty ? "" : " title=\"\(HTML.attribute(row.reason))\""
        return "<span class=\"badge \(kind)\"\(title)>\(HTML.text(text))</span>"
    }
}
