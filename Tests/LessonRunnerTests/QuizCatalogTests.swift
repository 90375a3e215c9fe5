import Foundation
import LessonCore
import LessonRunner
import Testing

/// The catalog of the workshop's quizzes: every quiz loads with its hints, and answer files
/// are created once and never overwritten.
@Suite struct QuizCatalogTests {
    @Test func everyWorkshopQuizLoadsWithHints() throws {
        let directories = QuizSupport.catalog.quizDirectories()
        #expect(directories.count == 6)
        for directory in directories {
            let quiz = try QuizSupport.catalog.load(directory)
            #expect(!quiz.hints.isEmpty && quiz.solution != nil && quiz.number != nil)
        }
    }

    @Test func answerFilesAreCreatedOnceAndNeverOverwritten() throws {
        let state = NSTemporaryDirectory() + "quiz-answers-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: state) }
        let catalog = GraderCatalog(workspace: Workspace(root: QuizSupport.root, stateDirectory: state))
        let quiz = try catalog.load(try catalog.resolve("lazy-connection"))
        #expect(catalog.progress(of: quiz) == "not started")
        #expect(try catalog.createAnswer(for: quiz))
        let path = catalog.answerPath(for: quiz)
        #expect(path.hasSuffix("/answers/04-lazy-connection/Answer.swift"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == quiz.starter)
        try "// mine".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try !catalog.createAnswer(for: quiz))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "// mine")
        #expect(catalog.progress(of: quiz) == "started, not graded")
        try catalog.record(
            GradeReport(
                quiz: quiz.id, title: quiz.title, answer: path, status: .pass,
                checks: [CheckResult(name: "a", status: .pass)]))
        #expect(catalog.progress(of: quiz) == "all 1 check pass")
        #expect(throws: UsageError.self) { try catalog.resolve("99") }
    }
}
