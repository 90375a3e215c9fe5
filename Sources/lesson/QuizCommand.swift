import Foundation
import LessonConsole
import LessonCore
import LessonRunner

/// `lesson quiz [<quiz>]`: lists the quizzes with the learner's progress, or shows one
/// quiz's question and creates its answer file from the starter (never overwriting it).
enum QuizCommand {
    static func run(_ words: [String]) async -> Int32 {
        do {
            let arguments = try Arguments(words, flags: ["hint", "hints"], options: [])
            let workspace = try Workspace.chosen()
            try workspace.requireWorkshop()
            let catalog = GraderCatalog(workspace: workspace)
            switch arguments.positional.count {
            case 0:
                writeStandardOutput(WorkshopListing.quizzes(try Workshop.load(workspace)))
            case 1:
                let quiz = try catalog.load(try catalog.resolve(arguments.positional[0]))
                let progress = HintProgress(stateDirectory: workspace.stateDirectory)
                if arguments.has("hint") {
                    writeStandardOutput(QuizGuide.hints(quiz, revealed: try progress.revealNext(quiz)))
                } else if arguments.has("hints") {
                    writeStandardOutput(QuizGuide.hints(quiz, revealed: progress.revealed(quiz)))
                } else {
                    let created = try catalog.createAnswer(for: quiz)
                    let path = workspace.displayPath(catalog.answerPath(for: quiz))
                    writeStandardOutput(QuizGuide.show(quiz, answerPath: path, created: created))
                }
            default:
                throw UsageError("name one quiz, e.g. 'lesson quiz 04'")
            }
            return CLI.Exit.passed
        } catch {
            return CLI.exitCode(for: error)
        }
    }
}
