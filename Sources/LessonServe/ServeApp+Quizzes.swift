import Foundation
import LessonCore
import LessonRunner
import LessonSupport

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

    /// The answer file's path and the folders on the way to it below the state directory.
    func answerFile(for quiz: Quiz) -> (path: String, folders: [String]) {
        let state = configuration.workshop.workspace.stateDirectory
        let path = configuration.workshop.catalog.answerPath(for: quiz)
        return (path, [state, "\(state)/answers", (path as NSString).deletingLastPathComponent])
    }

    /// The learner's answer, read without following a link (403 when it or a folder on the
    /// way is one); nil when there is none yet.
    func readAnswer(for quiz: Quiz) throws(Refusal) -> String? {
        let (path, folders) = answerFile(for: quiz)
        do {
            return try EditStore.readFile(path, folders: folders)?.text
        } catch {
            throw Refusal(response: Self.error(403, "\(error)"))
        }
    }

    func answerState(_ stem: String) -> HTTPResponse {
        Self.answer { () throws(Refusal) in
            let quiz = try loadQuiz(stem)
            let answer = try readAnswer(for: quiz)
            let catalog = configuration.workshop.catalog
            return Self.json(
                ServeMessages.AnswerState(
                    quiz: stem, code: answer ?? quiz.starter, starter: quiz.starter,
                    edited: answer.map { $0 != quiz.starter } ?? false, hints: quiz.hints.count,
                    answerFile: catalog.workspace.displayPath(catalog.answerPath(for: quiz))))
        }
    }

    func storeAnswer(_ stem: String, _ body: [UInt8]) -> HTTPResponse {
        Self.answer { () throws(Refusal) in
            let quiz = try loadQuiz(stem)
            try writeAnswer(try Self.code(in: body), for: quiz)
            return answerState(stem)
        }
    }

    func resetAnswer(_ stem: String) -> HTTPResponse {
        Self.answer { () throws(Refusal) in
            let quiz = try loadQuiz(stem)
            try writeAnswer(quiz.starter, for: quiz)
            return answerState(stem)
        }
    }

    /// Writes the learner's answer file (the one `lesson quiz` creates and `lesson grade` reads).
    func writeAnswer(_ code: String, for quiz: Quiz) throws(Refusal) {
        let (path, folders) = answerFile(for: quiz)
        do {
            try EditStore.replaceFile(path, with: code, creating: folders)
        } catch {
            throw Refusal(response: Self.error(403, "\(error)"))
        }
    }

    func hint(_ stem: String, _ number: String) -> HTTPResponse {
        Self.answer { () throws(Refusal) in
            let quiz = try loadQuiz(stem)
            guard let index = Int(number), index >= 1, index <= quiz.hints.count else { return Self.notFound }
            return Self.json(ServeMessages.Hint(number: index, count: quiz.hints.count, text: quiz.hints[index - 1]))
        }
    }

    func grade(_ stem: String, _ stream: HTTPStream) {
        let quiz: Quiz
        let answer: String
        do {
            quiz = try loadQuiz(stem)
            answer = try readAnswer(for: quiz) ?? quiz.starter
        } catch {
            return stream.respond(error.response)
        }
        let catalog = configuration.workshop.catalog
        let path = catalog.answerPath(for: quiz)
        let width = configuration.width
        launch(key: "quiz/\(stem)", stream) { [grader] send in
            var options = Grader.Options()
            options.jobs = width
            options.checkFinished = { check in
                send(
                    .check(
                        name: check.name, status: check.status.rawValue, message: check.message, hint: check.hint,
                        seconds: check.seconds))
            }
            let report = try await grader.grade(
                quiz, answer: answer, answerPath: catalog.workspace.displayPath(path), options: options)
            try? catalog.record(report)
            let diagnostics = (report.compile?.diagnostics ?? []).map {
                ServeMessages.EditorDiagnostic(
                    line: $0.file == catalog.workspace.displayPath(path) ? $0.line : nil, column: $0.column,
                    severity: $0.severity.rawValue, message: $0.message, file: $0.file, fileLine: $0.line)
            }
            send(
                .graded(
                    .init(
                        status: report.status.rawValue, message: report.message, passed: report.passedCount,
                        total: report.checks.count, diagnostics: diagnostics)))
        }
    }
}
