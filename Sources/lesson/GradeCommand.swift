import Foundation
import LessonConsole
import LessonCore
import LessonRunner

/// `lesson grade <quiz> [ANSWER.swift] [--json] [--format FORMAT] [--watch] [--seed N]`: builds
/// the answer and the quiz's judge, runs every check and reports each one.
enum GradeCommand {
    static let usage = "grade <quiz> [ANSWER.swift] [--json] [--format FORMAT] [--watch] [--seed N]"

    static func run(_ words: [String]) async -> Int32 {
        do {
            let arguments = try Arguments(words, flags: ["json", "watch"], options: ["timeout", "seed", "format"])
            guard (1...2).contains(arguments.positional.count) else {
                throw UsageError("usage: lesson \(usage)")
            }
            var options = Grader.Options()
            if let text = arguments.value("timeout") {
                guard let seconds = Double(text), seconds > 0 else {
                    throw UsageError("--timeout needs a number of seconds, not '\(text)'")
                }
                options.timeout = seconds
            }
            if let text = arguments.value("seed") {
                guard let seed = UInt64(text) else {
                    throw UsageError("--seed needs a whole number (the one a grade printed), not '\(text)'")
                }
                options.seed = seed
            }
            var format = arguments.has("json") ? GradeFormat.exercism : GradeFormat.terminal
            if let text = arguments.value("format") {
                guard let chosen = GradeFormat(rawValue: text), !(arguments.has("json") && chosen != .exercism) else {
                    throw UsageError(
                        "--format is one of \(GradeFormat.allCases.map(\.rawValue).joined(separator: ", ")) "
                            + "(--json is --format exercism), not '\(text)'")
                }
                format = chosen
            }
            let session = try Session.open()
            let catalog = GraderCatalog(workspace: session.workspace)
            let quiz = try catalog.load(try catalog.resolve(arguments.positional[0]))
            let ownAnswer = catalog.answerPath(for: quiz)
            let answerFile = arguments.positional.count == 2 ? arguments.positional[1] : ownAnswer
            guard FileManager.default.fileExists(atPath: answerFile) else {
                if answerFile == ownAnswer {
                    throw UsageError(
                        "you have no answer to quiz \(quiz.id) yet; run 'lesson quiz \(QuizGuide.argument(for: quiz))' to create it"
                    )
                }
                throw UsageError("no such answer file: \(answerFile)")
            }
            let grading = Grading(
                quiz: quiz, answerFile: answerFile,
                records: answerFile == ownAnswer && options.seed == nil, format: format,
                grader: Grader(
                    cache: session.runner.cache, kits: try GraderKits.embedded()), catalog: catalog, options: options)
            if arguments.has("watch") {
                return try await grading.watch()
            }
            return try await grading.once()
        } catch {
            return CLI.exitCode(for: error)
        }
    }
}

/// One answer file being graded, once or on every save.
struct Grading {
    var quiz: Quiz
    var answerFile: String
    /// True when the answer is the learner's own file, whose grade `lesson quiz` shows.
    var records: Bool
    var format: GradeFormat
    var grader: Grader
    var catalog: GraderCatalog
    var options: Grader.Options

    /// Grades the answer, prints the report and returns the exit status.
    func once() async throws -> Int32 {
        let answer = try AnswerFile(path: answerFile).read()
        let shown = catalog.workspace.displayPath(answerFile)
        // On a terminal, a status line while the answer and the judge build and the checks
        // run (the grader reports no steps, so it names the work, not a count).
        let status = StatusLine(total: 1, terminal: format == .terminal ? nil : false)
        status.now("quiz \(quiz.id): building \(shown) and the judge, then running the checks…")
        let report: GradeReport
        do {
            report = try await grader.grade(quiz, answer: answer, answerPath: shown, options: options)
            status.clear()
        } catch {
            status.clear()
            throw error
        }
        if records { try catalog.record(report) }
        switch format {
        case .terminal: writeStandardOutput(GradeTerminalReport(color: Terminal.usesColor).render(report))
        case .exercism: writeStandardOutput(try JSONText.document(ExercismResults(report)) + "\n")
        case .gradescope: writeStandardOutput(try JSONText.document(GradescopeResults(report)) + "\n")
        case .markdown: writeStandardOutput(GradeMarkdown.render(report))
        }
        switch report.status {
        case .pass: return CLI.Exit.passed
        case .fail: return CLI.Exit.failed
        case .error:
            // A compile failure is a failing grade; a quiz whose checks cannot run is broken.
            return report.compile?.succeeded == true ? CLI.Exit.usage : CLI.Exit.failed
        }
    }

    /// Grades now and again after every save of the answer file, until interrupted.
    func watch() async throws -> Int32 {
        let file = AnswerFile(path: answerFile)
        var last = file.modificationTime
        _ = try await once()
        while true {
            writeStandardError(
                "\nWatching \(catalog.workspace.displayPath(answerFile)); save it to grade again (Ctrl-C stops).\n")
            last = try await file.waitForChange(from: last)
            writeStandardOutput("\n")
            _ = try await once()
        }
    }
}

/// How `lesson grade` prints a grade.
enum GradeFormat: String, CaseIterable {
    /// The checks, coloured on a terminal.
    case terminal
    /// Exercism's `results.json`, version 3 (also `--json`).
    case exercism
    /// Gradescope's autograder `results.json`.
    case gradescope
    /// Markdown: a heading and a table of the checks (for a GitHub Actions job summary).
    case markdown
}
