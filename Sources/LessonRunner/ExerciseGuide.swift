import Foundation
import LessonCore

/// `lesson exercise`'s work: a lesson's exercises, one exercise's hint, or its starter written
/// to `exercises/NN-ID.swift` (never overwriting it) with how to check it; each as the text
/// the terminal prints.
package enum ExerciseGuide {
    /// The exercises of lesson `name` without `id`; with it, the `hint` (its number, and the
    /// number as it was typed) or the file to solve.
    package static func text(
        workspace: Workspace, lesson name: String, id: String?, hint: (number: Int, text: String)?
    ) throws -> String {
        let path = try workspace.resolveLesson(name)
        guard let lesson = try workspace.readLessons([path]).first?.lesson else {
            throw UsageError("cannot read \(path)")
        }
        let exercises = lesson.snippets.filter { $0.mode == .exercise }
        guard let id else { return list(exercises, of: lesson, workspace: workspace) }
        guard let exercise = exercises.first(where: { $0.id == id }) else {
            let known = exercises.map(\.id)
            throw UsageError(
                "\(workspace.displayPath(path)) has no exercise '\(id)'"
                    + (known.isEmpty ? "" : "; its exercises: \(known.joined(separator: ", "))"))
        }
        if let hint {
            let number = hint.number
            guard number <= exercise.hints.count else {
                throw UsageError("exercise '\(id)' has \(exercise.hints.count) hints, not \(hint.text)")
            }
            return "Hint \(number) of \(exercise.hints.count):\n\(exercise.hints[number - 1].text)\n"
        }
        let file = ExerciseFiles.learnerPath(root: workspace.root, lessonPath: path, id: id)
        let exists = FileManager.default.fileExists(atPath: file)
        if !exists {
            try workspace.createDirectory(URL(fileURLWithPath: file).deletingLastPathComponent().path)
            try exercise.code.write(toFile: file, atomically: true, encoding: .utf8)
        }
        let shown = workspace.displayPath(file)
        return
            ("Exercise '\(id)' of \(workspace.displayPath(path)) (line \(exercise.line)).\n"
            + (exists
                ? "Your file (already there, left as it is): \(shown)\n"
                : "Your file (the starter): \(shown)\n")
            + "Change it until it passes: lesson run \(name) --exercise \(id)\n"
            + (exercise.hints.isEmpty
                ? "" : "Stuck? lesson exercise \(name) \(id) --hint 1 (of \(exercise.hints.count))\n"))
    }

    /// One line per exercise: its id, its line and how many hints it has.
    private static func list(_ exercises: [Snippet], of lesson: Lesson, workspace: Workspace) -> String {
        guard !exercises.isEmpty else { return "\(workspace.displayPath(lesson.path)) has no exercises.\n" }
        var text = "Exercises of \(workspace.displayPath(lesson.path)):\n"
        for exercise in exercises {
            let hints = exercise.hints.count == 1 ? "1 hint" : "\(exercise.hints.count) hints"
            text += "  \(exercise.id)  (line \(exercise.line), \(hints))\n"
        }
        return text + "Start one with 'lesson exercise <lesson> ID'.\n"
    }
}
