import Foundation
import LessonCore
import LessonRunner
import LessonSupport
import Synchronization

/// The quiz handlers: the answer's state, storing and resetting it, hints, grading.
extension ServeApp {
    func loadQuiz(_ stem: String) throws(Refusal) -> Quiz {
        let quiz: Quiz?
        do {
            quiz = try configuration.workshop.quiz(stem: stem)
        } catch let problem as EditStore.Problem {
            throw Refusal(response: Self.error(403, "\(problem)"))
        } catch {
            throw Refusal(response: Self.error(409, "\(error)"))
        }
        guard let quiz else { throw Refusal(response: Self.notFound) }
        return quiz
    }

    /// The answer file's path and the folders on the way to it below the state directory: the
    /// workshop's own answer (the one `lesson quiz` creates) for the owner, else the desk's.
    func answerFile(for quiz: Quiz, _ desk: Desk) -> (path: String, folders: [String]) {
        if let folder = desk.folder {
            let answers = "\(folder)/answers"
            return ("\(answers)/\(quiz.id)/Answer.swift", [folder, answers, "\(answers)/\(quiz.id)"])
        }
        let state = configuration.workshop.workspace.stateDirectory
        let path = configuration.workshop.catalog.answerPath(for: quiz)
        return (path, [state, "\(state)/answers", (path as NSString).deletingLastPathComponent])
    }

    /// The learner's answer, read without following a link (403 when it or a folder on the
    /// way is one); nil when there is none yet.
    func readAnswer(for quiz: Quiz, _ desk: Desk) throws(Refusal) -> String? {
        let (path, folders) = answerFile(for: quiz, desk)
        do {
            return try EditStore.readFile(path, folders: folders)?.text
        } catch {
            throw Refusal(response: Self.error(403, "\(error)"))
        }
    }

    func answerState(_ stem: String, _ desk: Desk) -> HTTPResponse {
        Self.answer { () throws(Refusal) in
            let quiz = try loadQuiz(stem)
            let answer = try readAnswer(for: quiz, desk)
            let catalog = configuration.workshop.catalog
            var state = ServeMessages.AnswerState(
                quiz: stem, code: answer ?? quiz.starter, starter: quiz.starter,
                edited: answer.map { $0 != quiz.starter } ?? false, hints: quiz.hints.count,
                answerFile: desk.folder == nil
                    ? catalog.workspace.displayPath(catalog.answerPath(for: quiz)) : "your answer on the class server")
            state.hintsSeen = hintsRevealed(quiz, desk)
            return Self.json(state)
        }
    }

    func storeAnswer(_ stem: String, _ body: [UInt8], _ desk: Desk) -> HTTPResponse {
        Self.answer { () throws(Refusal) in
            let quiz = try loadQuiz(stem)
            try writeAnswer(try Self.code(in: body), for: quiz, desk)
            updateRecord(of: desk, what: "answering \(quiz.id)") { _ in }
            return answerState(stem, desk)
        }
    }

    func resetAnswer(_ stem: String, _ desk: Desk) -> HTTPResponse {
        Self.answer { () throws(Refusal) in
            let quiz = try loadQuiz(stem)
            try writeAnswer(quiz.starter, for: quiz, desk)
            updateRecord(of: desk, what: "reset the answer to \(quiz.id)") { _ in }
            return answerState(stem, desk)
        }
    }

    /// Writes the desk's answer file (for the owner, the one `lesson quiz` creates and
    /// `lesson grade` reads).
    func writeAnswer(_ code: String, for quiz: Quiz, _ desk: Desk) throws(Refusal) {
        let (path, folders) = answerFile(for: quiz, desk)
        do {
            try EditStore.replaceFile(path, with: code, creating: folders)
        } catch {
            throw Refusal(response: Self.error(403, "\(error)"))
        }
    }

    func hint(_ stem: String, _ number: String, _ desk: Desk) -> HTTPResponse {
        Self.answer { () throws(Refusal) in
            let quiz = try loadQuiz(stem)
            guard let index = Int(number), index >= 1, index <= quiz.hints.count else { return Self.notFound }
            if index > hintsRevealed(quiz, desk) {
                try recordHints(index, of: quiz, desk)
                if desk.folder != nil {
                    updateRecord(of: desk, what: "hint \(index) of \(quiz.id)") { $0.hints[quiz.id] = index }
                }
            }
            return Self.json(ServeMessages.Hint(number: index, count: quiz.hints.count, text: quiz.hints[index - 1]))
        }
    }

    /// The hint progress `lesson quiz --hint` keeps: the workshop's for the owner, the desk's
    /// own state folder in a class.
    func hintProgress(_ desk: Desk) -> HintProgress {
        HintProgress(stateDirectory: desk.folder ?? configuration.workshop.workspace.stateDirectory)
    }

    /// How many hints of `quiz` this desk has revealed, here or with `lesson quiz --hint`
    /// (in a class, also those the learner's record remembers from before). The file is read
    /// as `HintProgress` reads it, but never through a link (a linked one counts as none).
    func hintsRevealed(_ quiz: Quiz, _ desk: Desk) -> Int {
        let recorded = desk.folder == nil ? 0 : record(of: desk).hints[quiz.id] ?? 0
        let file = try? EditStore.readFile(
            hintProgress(desk).path(for: quiz), folders: answerFile(for: quiz, desk).folders)
        let revealed = file.flatMap { Int($0.text.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
        return min(quiz.hints.count, max(0, revealed, recorded))
    }

    /// Remembers that `count` hints of `quiz` are revealed, in the file `lesson quiz --hint`
    /// reads, written without following a link (beside the answer file).
    func recordHints(_ count: Int, of quiz: Quiz, _ desk: Desk) throws(Refusal) {
        let folders = answerFile(for: quiz, desk).folders
        do {
            try EditStore.replaceFile(hintProgress(desk).path(for: quiz), with: "\(count)\n", creating: folders)
        } catch {
            throw Refusal(response: Self.error(403, "\(error)"))
        }
    }

    /// A grade's checks as the page shows them: what `lesson grade` prints for each, with the
    /// lesson section as a link to its page.
    package static func gradeChecks(_ report: GradeReport, outputLines: Int = 8) -> [ServeMessages.GradeCheck] {
        report.checks.map { check in
            // A hint and a lesson section only where the terminal prints them (`advises`).
            let lesson = check.advises ? check.lesson : ""
            return ServeMessages.GradeCheck(
                name: check.name, status: check.status.rawValue, message: check.message,
                hint: check.advises ? check.hint : "", link: pageLink(lesson),
                lesson: lesson.isEmpty ? nil : lesson,
                setAside: check.setAside.map { $0.map(TerminalReport.describe) },
                lingered: check.lingered?.answerSummary,
                output: check.passed || check.output.isEmpty ? nil : Array(check.output.suffix(outputLines)))
        }
    }

    /// `Lessons/04-gather.md#anchor` as the page's link, `04-gather.html#anchor`.
    static func pageLink(_ lesson: String) -> String? {
        let parts = lesson.split(separator: "#", maxSplits: 1).map(String.init)
        guard let file = parts.first?.split(separator: "/").last, file.hasSuffix(".md") else { return nil }
        let page = WorkshopLayout.lessonPage(stem: String(file.dropLast(3)))
        return parts.count == 2 ? "\(page)#\(parts[1])" : page
    }

    func grade(_ stem: String, _ stream: HTTPStream, _ desk: Desk) {
        let quiz: Quiz
        let answer: String
        do {
            quiz = try loadQuiz(stem)
            answer = try readAnswer(for: quiz, desk) ?? quiz.starter
        } catch {
            return stream.respond(error.response)
        }
        let catalog = configuration.workshop.catalog
        let path = desk.folder == nil ? catalog.answerPath(for: quiz) : answerFile(for: quiz, desk).path
        let width = configuration.width
        launch(key: "quiz/\(stem)", desk: desk, stream) { [grader] send in
            var options = Grader.Options()
            options.jobs = width
            // In a class every grade is confined as the learner's; the owner's as `lesson grade`'s.
            if let jail = desk.jail { options.confinement = jail.answer }
            options.checkFinished = { check in
                send(
                    .check(
                        name: check.name, status: check.status.rawValue, message: check.message, hint: check.hint,
                        seconds: check.seconds))
            }
            let report = try await grader.grade(
                quiz, answer: answer, answerPath: catalog.workspace.displayPath(path), options: options)
            if desk.folder == nil {
                try? catalog.record(report)
            } else {
                var hasher = SHA256()
                hasher.update(Array(answer.utf8))
                let stamp = ISO8601DateFormatter().string(from: Date())
                let row = GradebookRow(
                    learner: desk.name, report: report, answer: "\(quiz.id)/Answer.swift",
                    answerHash: hasher.hexDigest(),
                    quizVersion: ClassGrader(grader: grader, quizzes: [quiz]).version(of: quiz), gradedAt: stamp)
                self.updateRecord(of: desk, what: "graded \(quiz.id): \(row.status.rawValue)") {
                    $0.grades[quiz.id] = row
                }
            }
            let diagnostics = (report.compile?.diagnostics ?? []).map {
                let inside = $0.file == catalog.workspace.displayPath(path)
                return ServeMessages.EditorDiagnostic(
                    line: inside ? $0.line : nil, column: $0.column, severity: $0.severity.rawValue,
                    message: $0.message, file: $0.file, fileLine: $0.line,
                    place: inside ? "line \($0.line):\($0.column)" : "\($0.file):\($0.line):\($0.column)")
            }
            var graded = ServeMessages.StreamEvent.Graded(
                status: report.status.rawValue, message: report.message, passed: report.passedCount,
                total: report.checks.count, diagnostics: diagnostics)
            graded.checks = Self.gradeChecks(report)
            graded.warnings = report.warnings.isEmpty ? nil : report.warnings
            if report.status != .pass {
                graded.seed = report.seed.map { String($0) }
                graded.replay = report.replayCommand
            }
            send(.graded(graded))
        }
    }
}
