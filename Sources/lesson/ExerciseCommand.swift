import Foundation
import LessonConsole
import LessonCore
import LessonRunner

/// `lesson exercise <lesson> [ID] [--hint N]`: lists a lesson's exercises, or writes one
/// exercise's starter to `exercises/NN-ID.swift` (never overwriting it) and says how to
/// check it; `--hint N` prints its Nth hint.
enum ExerciseCommand {
    static func run(_ words: [String]) async -> Int32 {
        do {
            let arguments = try Arguments(words, flags: [], options: ["hint"])
            guard (1...2).contains(arguments.positional.count) else {
                throw UsageError("usage: lesson exercise <lesson> [ID] [--hint N]")
            }
            let workspace = try Workspace.discover()
            let path = try workspace.resolveLesson(arguments.positional[0])
            guard let lesson = try workspace.readLessons([path]).first?.lesson else {
                throw UsageError("cannot read \(path)")
            }
            let exercises = lesson.snippets.filter { $0.mode == .exercise }
            guard arguments.positional.count == 2 else {
                writeStandardOutput(list(exercises, of: lesson, workspace: workspace))
                return CLI.Exit.passed
            }
            let id = arguments.positional[1]
            guard let exercise = exercises.first(where: { $0.id == id }) else {
                let known = exercises.map(\.id)
                throw UsageError(
                    "\(workspace.displayPath(path)) has no exercise '\(id)'"
                        + (known.isEmpty ? "" : "; its exercises: \(known.joined(separator: ", "))"))
            }
            if let wanted = arguments.value("hint") {
                let number = try arguments.count("hint", default: 1)
                guard number <= exercise.hints.count else {
                    throw UsageError("exercise '\(id)' has \(exercise.hints.count) hints, not \(wanted)")
                }
                writeStandardOutput(
                    "Hint \(number) of \(exercise.hints.count):\n\(exercise.hints[number - 1].text)\n")
                return CLI.Exit.passed
            }
            let file = ExerciseFiles.learnerPath(root: workspace.root, lessonPath: path, id: id)
            let exists = FileManager.default.fileExists(atPath: file)
            if !exists {
                try workspace.createDirectory(URL(fileURLWithPath: file).deletingLastPathComponent().path)
                try exercise.code.write(toFile: file, atomically: true, encoding: .utf8)
            }
            let shown = workspace.displayPath(file)
            let lessonName = arguments.positional[0]
            writeStandardOutput(
                "Exercise '\(id)' of \(workspace.displayPath(path)) (line \(exercise.line)).\n"
                    + (exists
                        ? "Your file (already there, left as it is): \(shown)\n"
                        : "Your file (the starter): \(shown)\n")
                    + "Change it until it passes: lesson run \(lessonName) --exercise \(id)\n"
                    + (exercise.hints.isEmpty
                        ? "" : "Stuck? lesson exercise \(lessonName) \(id) --hint 1 (of \(exercise.hints.count))\n"))
            return CLI.Exit.passed
        } catch {
            return CLI.exitCode(for: error)
        }
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
