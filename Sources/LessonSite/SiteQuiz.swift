import LessonCore

/// A quiz as the site shows it: the question, the starter file and the learner's last grade.
/// The hidden checks and the reference solution are deliberately not part of this value, so
/// no page can show them.
package struct SiteQuiz: Sendable {
    /// The directory name, e.g. `01-run-many`; the page is `quiz-01-run-many.html`.
    package var stem: String
    /// `README.md` parsed once: the question, its front matter (`title:`, `summary:`,
    /// `hints:`) and its snippets (highlighted, never run).
    package var document: LessonDocument
    /// `Starter.swift`, when the quiz has one.
    package var starter: String?
    /// The learner's last grade as `lesson grade` recorded it, if the quiz was ever graded.
    package var grade: GradeRecord?

    /// A site quiz from its parsed README.
    package init(stem: String, document: LessonDocument, starter: String? = nil, grade: GradeRecord? = nil) {
        self.stem = stem
        self.document = document
        self.starter = starter
        self.grade = grade
    }

    /// The last grade in a few words (`passed 6/6`), or `not graded yet`.
    package var status: PageStatus {
        guard let grade else { return PageStatus(kind: "none", text: "not graded yet") }
        return PageStatus(kind: grade.status.rawValue, text: grade.progress)
    }

    /// A site quiz from the text of its README, parsed here.
    package init(stem: String, readme: String, starter: String? = nil, grade: GradeRecord? = nil) {
        self.init(
            stem: stem,
            document: LessonParser.document(readme, path: "\(WorkshopLayout.quizzesFolder)/\(stem)/README.md"),
            starter: starter,
            grade: grade)
    }

    /// The title: front matter `title:`, else the README's first heading, else the stem.
    package var title: String { document.lesson.title }

    /// The page's file name.
    package var pageName: String { WorkshopLayout.quizPage(stem: stem) }

    /// The leading digits of the stem.
    package var number: String { WorkshopLayout.number(of: stem) }
}
