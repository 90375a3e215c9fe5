/// A quiz as the site shows it: the question and the starter file. The hidden checks and the
/// reference solution are deliberately not part of this value, so no page can show them.
package struct SiteQuiz: Sendable {
    /// The directory name, e.g. `01-run-many`; the page is `quiz-01-run-many.html`.
    package var stem: String
    /// `README.md`: the question, with optional front matter (`title:`, `summary:`,
    /// `hints:`).
    package var readme: String
    /// `Starter.swift`, when the quiz has one.
    package var starter: String?
    /// The learner's last grade, if one is known.
    package var status: PageStatus?

    /// Creates a site quiz.
    package init(stem: String, readme: String, starter: String? = nil, status: PageStatus? = nil) {
        self.stem = stem
        self.readme = readme
        self.starter = starter
        self.status = status
    }

    /// The page's file name.
    package var pageName: String { "quiz-\(safeFileName(stem)).html" }

    /// The leading digits of the stem.
    package var number: String { leadingNumber(stem) }
}
