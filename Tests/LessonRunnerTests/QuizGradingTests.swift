import Foundation
import LessonCore
import LessonRunner
import Testing

extension RealProcesses {
    /// Every workshop quiz, graded for real: the reference solution passes every check, the
    /// starter fails exactly the checks its mistakes should fail, and each fixture answer
    /// (another correct answer, and subtly wrong ones) gets exactly its expected verdicts.
    @Suite struct QuizGradingTests {
        /// The checks each starter must fail, and no others.
        static let starterFailures: [String: Set<String>] = [
            "01": [
                "downloads run at the same time",
                "after an error, the other downloads are not awaited",
            ],
            "02": [
                "does not wait for the slow servers", "cancels the servers still running",
                "skips servers that fail",
            ],
            "03": [
                "requests at the same time never see each other's id",
                "nothing leaks outside a request",
                "a request inside another sees its own id, then the outer one again",
            ],
            "04": [
                "one connection per request", "every connection is closed",
                "commits a successful request, and nothing else",
                "closes the connection even when commit fails",
            ],
            "05": [
                "program A: a task started from top-level code", "program B: an immediate task",
                "program C: cancelled before it starts", "program D: an async let nobody awaits",
                "program E: a second call while an actor method waits",
            ],
            "06": [
                "/health answers while the file is read", "inserts go in batches",
                "reading and inserting happen at the same time",
            ],
        ]

        static let quizzes = ["01", "02", "03", "04", "05", "06"]

        @Test("the solution passes every check", arguments: quizzes)
        func solutionPasses(_ number: String) async throws {
            let quiz = try QuizSupport.quiz(number)
            let solution = try #require(quiz.solution)
            let report = try await QuizSupport.grade(number, answer: solution)
            // Every check passed, or (on a machine held back for most of a check's every run)
            // was kept from judging: never failed.
            #expect(QuizSupport.failing(report).isEmpty, "\(report.checks.filter { !$0.passed })")
            let anyPassed = report.checks.contains(where: \.passed)
            #expect(anyPassed)
            #expect(report.checks.count >= 4)
            #expect(report.warnings.isEmpty)
        }

        @Test("the starter fails exactly the checks it should", arguments: quizzes)
        func starterFails(_ number: String) async throws {
            let quiz = try QuizSupport.quiz(number)
            let report = try await QuizSupport.grade(number, answer: quiz.starter)
            #expect(report.status == .fail)
            #expect(QuizSupport.failing(report) == QuizSupport.judged(Self.starterFailures[number], in: report))
            for check in report.checks where !check.passed && check.cause != .busy {
                #expect(check.status == .fail, "\(check.name) should fail with an explanation: \(check.message)")
                #expect(!check.message.isEmpty && !check.hint.isEmpty && check.lesson.contains(".md#"))
                // Says what went wrong, never the fix as code.
                for text in [check.message, check.hint] {
                    for code in ["do {", "catch {", "try await", "await close", "withValue", "cancelAll()"] {
                        #expect(!text.contains(code), "\(check.name) shows code: \(text)")
                    }
                }
            }
        }

        static let fixtures: [(String, String)] = quizzes.flatMap { number in
            QuizSupport.fixtureNames(number).map { (number, $0) }
        }

        @Test("every fixture answer gets its expected verdicts", arguments: fixtures)
        func fixtureVerdicts(_ number: String, _ name: String) async throws {
            let text = try QuizSupport.fixture(number, name)
            let expected = try #require(
                QuizSupport.expectedFailures(in: text), "\(name) has no '// expect failing:' line")
            let report = try await QuizSupport.gradeFixture(number, name)
            #expect(report.compile?.succeeded == true, "\(report.message)")
            #expect(QuizSupport.failing(report) == QuizSupport.judged(expected, in: report))
            #expect(report.status == (report.checks.allSatisfy(\.passed) ? .pass : .fail))
            let busy = report.checks.contains { $0.cause == .busy }
            #expect(report.checks.allSatisfy(\.passed) == expected.isEmpty || busy)
            // Each cause the fixture stands for is named in its check's message.
            for (check, words) in QuizSupport.expectedMessages(in: text, checks: report.checks.map(\.name)) {
                let result = report.checks.first { $0.name == check }
                if result?.cause == .busy { continue }
                #expect(result != nil && !words.isEmpty, "no check named in '// expect message: \(check)'")
                #expect(result?.message.contains(words) == true, "\(check): \(result?.message ?? "-")")
            }
        }

        @Test("each quiz has one other correct answer and at least two subtly wrong ones", arguments: quizzes)
        func fixturesCoverEveryQuiz(_ number: String) throws {
            let verdicts = try QuizSupport.fixtureNames(number).map {
                try #require(QuizSupport.expectedFailures(in: QuizSupport.fixture(number, $0)))
            }
            #expect(verdicts.contains { $0.isEmpty })
            #expect(verdicts.filter { !$0.isEmpty }.count >= 2)
            let names = try QuizSupport.checkNames(number)
            for expected in verdicts {
                #expect(expected.isSubset(of: names), "unknown check names: \(expected.subtracting(names))")
            }
        }
    }
}
