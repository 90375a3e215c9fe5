import LessonCore

/// A quiz as the site shows it: the question and the starter file. The hidden checks and the
/// reference solution are deliberately not part of this value, so no page can show them.
package struct SiteQuiz: Sendable {
    /// The directory name, e.g. `01-run-many`; the page is `quiz-01-run-many.html`.
    package var stem: String
    /// `README.md` parsed once: the question, its front matter (`title:`, `summary:`,
    /// `hints:`) and its snippets (highlighted, never run).
    package var document: LessonDocument
    /// `Starter.swift`, when the quiz has one.
    package var starter: String?
    /// The learner's last grade, if one is known.
    package var status: PageStatus?

    /// A site quiz from its parsed README.
    package init(stem: String, document: LessonDocument, starter: String? = nil, status: PageStatus? = nil) {
        self.stem = stem
        self.document = document
        self.starter = starter
        self.status = status
    }

    /// A site quiz from the text of its README, parsed here.
    package init(stem: String, readme: String, starter: String? = nil, status: PageStatus? = nil) {
        self.init(
            stem: stem, document: LessonParser.document(readme, path: "Quizzes/\(stem)/README.md"), starter: starter,
            status: status)
    }

    /// The title: front matter `title:`, else the README's first heading, else the stem.
    package var title: String { document.lesson.title }

    /// The page's file name.
    package var pageName: String { "quiz-\(safeFileName(stem)).html" }

    /// The leading digits of the stem.
    package var number: String { leadingNumber(stem) }
}
