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
            let hint = try arguments.value("hint").map { (number: try arguments.count("hint", default: 1), text: $0) }
            writeStandardOutput(
                try ExerciseGuide.text(
                    workspace: try Workspace.chosen(), lesson: arguments.positional[0],
                    id: arguments.positional.dropFirst().first, hint: hint))
            return CLI.Exit.passed
        } catch {
            return CLI.exitCode(for: error)
        }
    }
}
