import LessonCore

/// Renders the workshop's static site from values: lessons with their recorded runs, and
/// quizzes. It reads no files and no clock; the caller writes the files it returns.
package enum LessonSite {
    /// The name shown in the top bar and on the front page.
    package static let defaultTitle = "Swift concurrency workshop"

    /// Every file of the site: `index.html`, one page per lesson and quiz, `style.css` and
    /// `search-index.js`. Paths are relative and flat, so every link works from `file://`.
    package static func render(
        lessons: [SiteLesson], quizzes: [SiteQuiz], title: String = defaultTitle
    ) -> [SiteFile] {
        let quizPages = quizzes.map { QuizPage(quiz: $0) }
        let quizTitles = quizPages.map { page in
            (quiz: page.quiz, title: page.title, summary: page.quiz.document.lesson.summary)
        }
        let entries =
            lessons.map {
                NavEntry(
                    section: "lesson", href: $0.pageName, number: $0.number, title: $0.lesson.title, status: $0.status)
            }
            + quizTitles.map {
                NavEntry(
                    section: "quiz", href: $0.quiz.pageName, number: $0.quiz.number, title: $0.title,
                    status: $0.quiz.status)
            }
        let shell = PageShell(siteTitle: title, entries: entries)
        var files: [SiteFile] = []
        var search: [SearchEntry] = []

        let index = IndexPage(siteTitle: title, lessons: lessons, quizzes: quizTitles).main()
        files.append(
            SiteFile(path: "index.html", contents: shell.page(title: title, href: "index.html", main: index.html)))
        search += SearchEntry.entries(page: title, href: "index.html", pieces: index.pieces)

        for item in lessons {
            let page = LessonPage(item: item).main()
            let pageTitle = "Lesson \(item.number): \(item.lesson.title)"
            files.append(
                SiteFile(
                    path: item.pageName,
                    contents: shell.page(
                        title: pageTitle, href: item.pageName, main: page.html, headings: page.pieces,
                        description: item.lesson.summary)))
            search += SearchEntry.entries(page: pageTitle, href: item.pageName, pieces: page.pieces)
        }
        for (page, entry) in zip(quizPages, quizTitles) {
            let rendered = page.main()
            let pageTitle = "Quiz \(page.quiz.number): \(entry.title)"
            files.append(
                SiteFile(
                    path: page.quiz.pageName,
                    contents: shell.page(
                        title: pageTitle, href: page.quiz.pageName, main: rendered.html, headings: rendered.pieces,
                        description: entry.summary)))
            search += SearchEntry.entries(page: pageTitle, href: page.quiz.pageName, pieces: rendered.pieces)
        }
        files.append(SiteFile(path: "style.css", contents: SiteStyle.css))
        files.append(SiteFile(path: "search-index.js", contents: SearchEntry.script(search)))
        return files
    }
}
