import Foundation
import LessonCore
import LessonRunner

/// One answer file being graded, once or on every save.
package struct Grading {
    package var quiz: Quiz
    package var answerFile: String
    /// True when the answer is the learner's own file, whose grade `lesson quiz` shows.
    package var records: Bool
    package var format: GradeFormat
    package var grader: Grader
    package var catalog: GraderCatalog
    package var options: Grader.Options

    /// The grading of quiz `name` (a number, slug or path) in the session's workshop: of
    /// `answer`, or of the learner's own answer file, whose grades are recorded (unless a
    /// seed replays one).
    package static func open(
        quiz name: String, answer: String?, format: GradeFormat, options: Grader.Options, session: Session
    ) throws -> Grading {
        let catalog = GraderCatalog(workspace: session.workspace)
        let quiz = try catalog.load(try catalog.resolve(name))
        let ownAnswer = catalog.answerPath(for: quiz)
        let answerFile = answer ?? ownAnswer
        guard FileManager.default.fileExists(atPath: answerFile) else {
            if answerFile == ownAnswer {
                throw UsageError(
                    "you have no answer to quiz \(quiz.id) yet; run 'lesson quiz \(QuizGuide.argument(for: quiz))' to create it"
                )
            }
            throw UsageError("no such answer file: \(answerFile)")
        }
        return Grading(
            quiz: quiz, answerFile: answerFile, records: answerFile == ownAnswer && options.seed == nil, format: format,
            grader: Grader(cache: session.runner.cache, kits: try GraderKits.embedded()), catalog: catalog,
            options: options)
    }

    /// Grades the answer, prints the report and returns the exit status.
    package func once() async throws -> Int32 {
        let answer = try AnswerFile(path: answerFile).read()
        let shown = catalog.workspace.displayPath(answerFile)
        // On a terminal, a status line while the answer and the judge build, then the checks
        // counted as their verdicts come in.
        let status = StatusLine(total: 1, terminal: format == .terminal ? nil : false)
        status.now("quiz \(quiz.id): building \(shown) and the judge…")
        var options = options
        let listed = options.checksListed
        options.checksListed = { count in
            listed?(count)
            status.total(count)
            status.now("quiz \(quiz.id): checking \(shown)")
        }
        let finished = options.checkFinished
        options.checkFinished = { result in
            finished?(result)
            status.finished()
        }
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
        case .pass: return Console.Exit.passed
        case .fail: return Console.Exit.failed
        case .error:
            // A compile failure is a failing grade; a quiz whose checks cannot run is broken.
            return report.compile?.succeeded == true ? Console.Exit.usage : Console.Exit.failed
        }
    }

    /// Grades now and again after every save of the answer file, until interrupted.
    package func watch() async throws -> Int32 {
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
package enum GradeFormat: String, CaseIterable {
    /// The checks, coloured on a terminal.
    case terminal
    /// Exercism's `results.json`, version 3 (also `--json`).
    case exercism
    /// Gradescope's autograder `results.json`.
    case gradescope
    /// Markdown: a heading and a table of the checks (for a GitHub Actions job summary).
    case markdown
}
