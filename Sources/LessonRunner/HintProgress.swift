import Foundation
import LessonCore

/// How many hints of each quiz a learner has revealed, kept on disk under a state folder
/// (`STATE/answers/QUIZ/hints-revealed`): the terminal's `lesson quiz --hint` uses the
/// workshop's `.lesson/`, and a server that keeps one state folder per learner keeps each
/// learner's progress apart by giving each its own.
package struct HintProgress: Sendable {
    /// The state folder the progress lives under.
    package var stateDirectory: String

    package init(stateDirectory: String) {
        self.stateDirectory = stateDirectory
    }

    /// The file that holds the count for `quiz`.
    package func path(for quiz: Quiz) -> String {
        WorkshopLayout.hintsRevealed(quiz: quiz.id, state: stateDirectory)
    }

    /// How many hints of `quiz` were revealed (0 when never asked, or when the file is
    /// unreadable); never more than the quiz has.
    package func revealed(_ quiz: Quiz) -> Int {
        guard let text = try? String(contentsOfFile: path(for: quiz), encoding: .utf8) else { return 0 }
        return min(quiz.hints.count, max(0, Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0))
    }

    /// Reveals the next hint of `quiz` (if one is left), remembers it, and returns how many
    /// are revealed now.
    @discardableResult
    package func revealNext(_ quiz: Quiz) throws -> Int {
        let revealed = min(revealed(quiz) + 1, quiz.hints.count)
        guard revealed > 0 else { return 0 }
        let file = path(for: quiz)
        do {
            try FileManager.default.createDirectory(
                atPath: URL(fileURLWithPath: file).deletingLastPathComponent().path, withIntermediateDirectories: true)
            try "\(revealed)\n".write(toFile: file, atomically: true, encoding: .utf8)
        } catch {
            throw ToolError.io("cannot write \(file): \(error.localizedDescription)")
        }
        return revealed
    }
}
