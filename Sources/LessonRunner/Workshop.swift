import Foundation
import LessonCore

/// A workshop loaded in one place: where it is, every lesson parsed once with its last
/// recorded run, and every quiz with its learner's progress. `lesson list` and `lesson site`
/// read this value; nothing else walks `Lessons/` or `.lesson/runs/`.
package struct Workshop: Sendable {
    /// The root, the state directory and how paths resolve.
    package var workspace: Workspace
    /// Every `Lessons/NN-slug.md`, in order.
    package var lessons: [WorkshopLesson]
    /// Every `Quizzes/NN-slug/`, in order.
    package var quizzes: [WorkshopQuiz]

    /// Reads every lesson and quiz of `workspace`. A lesson or quiz with problems is loaded
    /// with them (never thrown); only an unreadable lesson file throws.
    package static func load(_ workspace: Workspace) throws -> Workshop {
        var lessons: [WorkshopLesson] = []
        for path in workspace.lessonFiles() {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ToolError.io("cannot read \(path)")
            }
            let document = LessonParser.document(String(decoding: data, as: UTF8.self), path: path)
            lessons.append(WorkshopLesson(path: path, document: document, recorded: workspace.lastRun(of: path)))
        }
        let catalog = GraderCatalog(workspace: workspace)
        let quizzes = catalog.quizDirectories().map { directory -> WorkshopQuiz in
            let id = URL(fileURLWithPath: directory).lastPathComponent
            do {
                let quiz = try catalog.load(directory)
                return WorkshopQuiz(
                    id: id, directory: directory, quiz: quiz, problems: [], progress: catalog.progress(of: quiz),
                    grade: catalog.lastGrade(of: quiz.id))
            } catch let problems as QuizProblems {
                return WorkshopQuiz(
                    id: id, directory: directory, quiz: nil, problems: problems.diagnostics, progress: nil)
            } catch {
                let problem = Diagnostic(path: directory, line: 1, column: 1, message: "\(error)")
                return WorkshopQuiz(id: id, directory: directory, quiz: nil, problems: [problem], progress: nil)
            }
        }
        return Workshop(workspace: workspace, lessons: lessons, quizzes: quizzes)
    }
}

/// One lesson of a workshop.
package struct WorkshopLesson: Sendable {
    /// The path, relative to the current directory when inside it.
    package var path: String
    /// The file parsed once.
    package var document: LessonDocument
    /// The last recorded run of this lesson, if it was ever run.
    package var recorded: RecordedRun?

    /// The file name without `.md`, e.g. `04-gather`.
    package var stem: String { WorkshopLayout.stem(ofLessonPath: path) }

    /// `not run yet`, `2 problems in the file`, or the last run's `8 snippets: 6 passed, 2 skipped`.
    package var status: String {
        let problems = document.diagnostics.count
        if problems > 0 { return "\(problems) problem\(problems == 1 ? "" : "s") in the file" }
        guard let recorded else { return "not run yet" }
        let changed = recorded.isStale(for: document.lesson.source) ? ", lesson changed since" : ""
        return "\(recorded.report.summary.progress) (\(recorded.recordedAt)\(changed))"
    }
}

/// One quiz of a workshop.
package struct WorkshopQuiz: Sendable {
    /// The directory name, e.g. `04-lazy-connection`.
    package var id: String
    /// The directory's path.
    package var directory: String
    /// The quiz, when it loaded without problems.
    package var quiz: Quiz?
    /// What is wrong with the quiz's files, when it did not load.
    package var problems: [Diagnostic]
    /// The learner's progress (`not started`, `2 of 6 checks pass`, ...), for a loaded quiz.
    package var progress: String?
    /// The learner's last grade, if the quiz was ever graded.
    package var grade: GradeRecord? = nil
}
