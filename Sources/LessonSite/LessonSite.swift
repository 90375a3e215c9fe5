import LessonCore

/// Renders the workshop's static site from values: lessons with their recorded runs, and
/// quizzes. It reads no files and no clock; the caller writes the files it returns.
package enum LessonSite {
    /// The name shown in the top bar and on the front page.
    package static let defaultTitle = "Swift concurrency workshop"

    /// The policy source that allows the site's one script (`SiteAssets/site.js`, inlined in
    /// every page): `'sha256-…'` of its text, computed once. A server that sends its own policy
    /// allows the script with this same value.
    package static let scriptHash = "'sha256-\(Base64.encode(SHA256.digest(Array(SiteScript.source.utf8))))'"

    /// The Content-Security-Policy of every page: the site's own script runs, and what it
    /// loads (the search index; `'strict-dynamic'`); no other script does, whether a lesson's
    /// or a quiz's markdown holds a `<script>`, an `on…=` attribute or a `javascript:` link.
    /// No plugins, frames, `<base>` or form submissions either. A `<meta http-equiv>` works
    /// from `file://`.
    package static let contentSecurityPolicy =
        "script-src \(scriptHash) 'strict-dynamic'; object-src 'none'; frame-src 'none'; base-uri 'none'; "
        + "form-action 'none'"

    /// Every file of the site: `index.html`, one page per lesson and quiz, `style.css` and
    /// `search-index.js`. Paths are relative and flat, so every link works from `file://`.
    /// Each page carries `policy` in a `<meta>` (nil: none, for a server that sends its own).
    package static func render(
        lessons: [SiteLesson], quizzes: [SiteQuiz], title: String = defaultTitle,
        policy: String? = contentSecurityPolicy
    ) -> [SiteFile] {
        let quizPages = quizzes.map { QuizPage(quiz: $0) }
        let quizTitles = quizPages.map { page in
            (quiz: page.quiz, title: page.title, summary: page.quiz.document.lesson.summary)
        }
        let states = lessons.map(\.state)
        let entries =
            zip(lessons, states).map { item, state in
                NavEntry(
                    section: "lesson", href: item.pageName, number: item.number, title: item.lesson.title,
                    status: state.status)
            }
            + quizTitles.map {
                NavEntry(
                    section: "quiz", href: $0.quiz.pageName, number: $0.quiz.number, title: $0.title,
                    status: $0.quiz.status)
            }
        let shell = PageShell(siteTitle: title, entries: entries, policy: policy)
        var files: [SiteFile] = []
        var search: [SearchEntry] = []

        let index = IndexPage(
            siteTitle: title, lessons: zip(lessons, states).map { (item: $0, state: $1) }, quizzes: quizTitles
        ).main()
        files.append(
            SiteFile(path: "index.html", contents: shell.page(title: title, href: "index.html", main: index.html)))
        search += SearchEntry.entries(page: title, href: "index.html", pieces: index.pieces)

        for (item, state) in zip(lessons, states) {
            let page = LessonPage(item: item, state: state).main()
            let pageTitle = "Lesson \(item.number): \(item.lesson.title)"
            files.append(
                SiteFile(
                    path: item.pageName,
                    contents: shell.page(
                        title: pageTitle, href: item.pageName, main: page.html, headings: page.pieces,
                        description: item.lesson.summary)))
            let summary = item.lesson.summary.map { [PagePiece.text($0)] } ?? []
            search += SearchEntry.entries(page: pageTitle, href: item.pageName, pieces: summary + page.pieces)
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
            let summary = entry.summary.map { [PagePiece.text($0)] } ?? []
            search += SearchEntry.entries(
                page: pageTitle, href: page.quiz.pageName, pieces: summary + rendered.pieces)
        }
        files.append(SiteFile(path: "style.css", contents: SiteStyle.css))
        files.append(SiteFile(path: "search-index.js", contents: SearchEntry.script(search)))
        return files
    }
}
