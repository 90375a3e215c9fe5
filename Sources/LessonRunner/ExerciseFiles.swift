import Foundation
import LessonCore

/// Where an exercise's code comes from besides the lesson: its reference solution, kept off
/// the page in `solutions/<lesson stem>/<id>.swift` beside the lesson file, and a learner's
/// working copy, `exercises/<NN>-<id>.swift` in the workshop.
package enum ExerciseFiles {
    /// The reference solution of exercise `id` of the lesson at `lessonPath`:
    /// `Lessons/solutions/04-gather/first-two.swift` for `Lessons/04-gather.md`.
    package static func solutionPath(lessonPath: String, id: String) -> String {
        let url = URL(fileURLWithPath: lessonPath)
        let stem = url.deletingPathExtension().lastPathComponent
        let directory = url.deletingLastPathComponent().path
        let relative = "\(WorkshopLayout.solutionsFolder)/\(stem)/\(id).swift"
        return lessonPath.contains("/") ? "\(directory)/\(relative)" : relative
    }

    /// A learner's copy of exercise `id` of the lesson at `lessonPath`, in the workshop at
    /// `root`: `exercises/04-first-two.swift` (the lesson's number, or its whole name when
    /// it has none).
    package static func learnerPath(root: String, lessonPath: String, id: String) -> String {
        let name = WorkshopLayout.shortName(ofLessonPath: lessonPath)
        return "\(root)/\(WorkshopLayout.exercisesFolder)/\(name)-\(id).swift"
    }

    /// The lesson with every exercise's starter replaced by its reference solution; an
    /// exercise without one is a problem at its fence (all of them reported at once).
    package static func withSolutions(_ lesson: Lesson) throws(ContentProblems) -> Lesson {
        var lesson = lesson
        var problems: [Diagnostic] = []
        for index in lesson.snippets.indices where lesson.snippets[index].mode == .exercise {
            let snippet = lesson.snippets[index]
            let path = solutionPath(lessonPath: lesson.path, id: snippet.id)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                problems.append(
                    Diagnostic(
                        path: lesson.path, line: snippet.line, column: snippet.column,
                        message: "exercise '\(snippet.id)' has no reference solution; write it in \(path)"))
                continue
            }
            lesson.snippets[index].code = text
            lesson.snippets[index].codePath = path
        }
        guard problems.isEmpty else {
            throw ContentProblems(diagnostics: problems, sources: [lesson.path: lesson.source])
        }
        return lesson
    }

    /// The lesson with exercise `id`'s code read from `path` (a learner's file).
    package static func withLearnerFile(_ lesson: Lesson, id: String, path: String) throws -> Lesson {
        var lesson = lesson
        guard let index = lesson.snippets.firstIndex(where: { $0.id == id && $0.mode == .exercise }) else {
            let known = lesson.snippets.filter { $0.mode == .exercise }.map(\.id)
            throw UsageError(
                "\(lesson.path) has no exercise '\(id)'; "
                    + (known.isEmpty ? "it has no exercises" : "its exercises: \(known.joined(separator: ", "))"))
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw UsageError("cannot read \(path); create it with 'lesson exercise \(lesson.path) \(id)'")
        }
        lesson.snippets[index].code = text
        lesson.snippets[index].codePath = path
        return lesson
    }
}
