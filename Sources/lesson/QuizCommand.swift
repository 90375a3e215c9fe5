import Foundation
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
                writeStandardOutput(list(try Workshop.load(workspace)))
            case 1:
                let quiz = try catalog.load(try catalog.resolve(arguments.positional[0]))
                let progress = HintProgress(stateDirectory: workspace.stateDirectory)
                if arguments.has("hint") {
                    writeStandardOutput(hints(quiz, revealed: try progress.revealNext(quiz)))
                } else if arguments.has("hints") {
                    writeStandardOutput(hints(quiz, revealed: progress.revealed(quiz)))
                } else {
                    writeStandardOutput(try show(quiz, catalog: catalog))
                }
            default:
                throw UsageError("name one quiz, e.g. 'lesson quiz 04'")
            }
            return CLI.Exit.passed
        } catch {
            return CLI.exitCode(for: error)
        }
    }

    /// Every quiz with its title and progress.
    static func list(_ workshop: Workshop) -> String {
        var text = "Quizzes:\n"
        text += ListCommand.table(
            workshop.quizzes.map { entry in
                if let quiz = entry.quiz { return [entry.id, quiz.title, entry.progress ?? ""] }
                let count = entry.problems.count
                return [entry.id, "", "\(count) problem\(count == 1 ? "" : "s") in the quiz"]
            })
        if workshop.quizzes.isEmpty { text += "  (none)\n" }
        return text + "\nOpen one with 'lesson quiz NN'; grade your answer with 'lesson grade NN'.\n"
    }

    /// The question, then where the answer file is and how to grade it.
    static func show(_ quiz: Quiz, catalog: GraderCatalog) throws -> String {
        let created = try catalog.createAnswer(for: quiz)
        let path = catalog.workspace.displayPath(catalog.answerPath(for: quiz))
        var text = withoutFrontMatter(quiz.readme)
        if !text.hasSuffix("\n") { text += "\n" }
        text += "\n"
        text +=
            created
            ? "Your answer file (a copy of the starter): \(path)\n"
            : "Your answer file (already there, left as it is): \(path)\n"
        let number = quiz.number.map { String(format: "%02d", $0) } ?? quiz.id
        text += "Edit it, then run 'lesson grade \(number)' (add --watch to grade on every save).\n"
        if !quiz.hints.isEmpty {
            let count = quiz.hints.count
            text +=
                "Stuck? 'lesson quiz \(number) --hint' shows one hint at a time (\(count) in all);"
                + " '--hints' shows the ones revealed so far.\n"
        }
        return text
    }

    /// The hints revealed so far, numbered, and how many are left.
    static func hints(_ quiz: Quiz, revealed: Int) -> String {
        guard !quiz.hints.isEmpty else { return "Quiz \(quiz.id) has no hints.\n" }
        let number = quiz.number.map { String(format: "%02d", $0) } ?? quiz.id
        let shown = min(revealed, quiz.hints.count)
        var text =
            shown == 0
            ? "No hint revealed yet for quiz \(quiz.id).\n"
            : "Hints for quiz \(quiz.id) (\(shown) of \(quiz.hints.count)):\n"
        text += quiz.hints.prefix(shown).enumerated().map { "  \($0.offset + 1). \($0.element)\n" }.joined()
        let left = quiz.hints.count - shown
        text +=
            left == 0
            ? "No hints left.\n"
            : "\(left) hint\(left == 1 ? "" : "s") left: 'lesson quiz \(number) --hint' reveals the next.\n"
        return text
    }

    /// The README without its `---` front matter and the blank lines after it.
    static func withoutFrontMatter(_ readme: String) -> String {
        let text = LessonParser.normalizeLineEndings(readme)
        let body = FrontMatter.parse(text).0.removed(from: text)
        return body.split(separator: "\n", omittingEmptySubsequences: false).drop { $0.isEmpty }
            .joined(separator: "\n")
    }
}
