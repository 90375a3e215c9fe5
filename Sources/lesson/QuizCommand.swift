import Foundation
import LessonCore
import LessonRunner

/// `lesson quiz [<quiz>]`: lists the quizzes with the learner's progress, or shows one
/// quiz's question and creates its answer file from the starter (never overwriting it).
enum QuizCommand {
    static func run(_ words: [String]) async -> Int32 {
        do {
            let arguments = try Arguments(words, flags: ["hints"], options: [])
            let workspace = try Workspace.discover()
            try workspace.requireWorkshop()
            let catalog = GraderCatalog(workspace: workspace)
            switch arguments.positional.count {
            case 0:
                writeStandardOutput(list(try Workshop.load(workspace)))
            case 1:
                let quiz = try catalog.load(try catalog.resolve(arguments.positional[0]))
                writeStandardOutput(
                    arguments.has("hints") ? hints(quiz) : try show(quiz, catalog: catalog))
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
            text += "Stuck? 'lesson quiz \(number) --hints' shows \(count) hint\(count == 1 ? "" : "s").\n"
        }
        return text
    }

    /// The quiz's hints, numbered.
    static func hints(_ quiz: Quiz) -> String {
        guard !quiz.hints.isEmpty else { return "Quiz \(quiz.id) has no hints.\n" }
        return "Hints for quiz \(quiz.id):\n"
            + quiz.hints.enumerated().map { "  \($0.offset + 1). \($0.element)\n" }.joined()
    }

    /// The README without its `---` front matter and the blank lines after it.
    static func withoutFrontMatter(_ readme: String) -> String {
        let text = LessonParser.normalizeLineEndings(readme)
        let body = FrontMatter.parse(text).0.removed(from: text)
        return body.split(separator: "\n", omittingEmptySubsequences: false).drop { $0.isEmpty }
            .joined(separator: "\n")
    }
}
