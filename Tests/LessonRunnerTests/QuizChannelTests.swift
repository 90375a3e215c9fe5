import Foundation
import LessonCore
import LessonRunner
import Testing

extension RealProcesses {
    /// The grading channel holds against answers that try to fake a pass, and one check's crash,
    /// hang or flood of output costs only that check. All against quiz 01, whose checks 0 and 1
    /// never make `fetch` fail and whose checks 2 and 3 always do.
    @Suite struct QuizChannelTests {
        static let quietChecks: Set<String> = [
            "pages come back in the order of the URLs", "downloads run at the same time",
        ]
        static let errorChecks: Set<String> = [
            "an error from fetch surfaces", "after an error, the other downloads are not awaited",
        ]

        @Test("printing a passing grade and exiting 0 passes nothing")
        func printedVerdictsDoNotCount() async throws {
            let report = try await QuizSupport.gradeFixture("01", "prints-verdicts.swift", in: "channel")
            #expect(report.status == .fail)
            #expect(report.checks.count == 4)
            for check in report.checks {
                #expect(check.status == .error)
                #expect(check.message.contains("exited with status 0 before the check could report"))
            }
            #expect(report.checks.contains { $0.output.contains("pass\t0") })
        }

        @Test(
            "answers that could change what the checks mean are refused",
            arguments: [
                ("steals-secret.swift", "use '@section'"), ("exports-read.swift", "use '@_cdecl'"),
                ("shadows-write.swift", "declare 'write'"), ("shadows-kit.swift", "declare 'max'"),
            ])
        func lowLevelAttributesAreRefused(fixture: String, attribute: String) async throws {
            let report = try await QuizSupport.gradeFixture("01", fixture, in: "channel")
            #expect(report.status == .error)
            #expect(report.checks.isEmpty)
            #expect(report.message.contains("answers may not \(attribute)"))
            #expect(report.message.contains("\(fixture):"))
        }

        @Test("verdict lines on descriptor 3 without the secret pass nothing")
        func forgedReportLinesDoNotCount() async throws {
            let report = try await QuizSupport.gradeFixture("01", "writes-descriptor-3.swift", in: "channel")
            #expect(report.status == .fail)
            #expect(report.checks.count == 4)
            #expect(report.checks.allSatisfy { $0.status == .error })
        }

        @Test("a crash fails only the checks that crash, with the signal named")
        func crashKeepsOtherResults() async throws {
            let report = try await QuizSupport.gradeFixture("01", "crashes-on-error.swift", in: "channel")
            #expect(Set(report.checks.filter(\.passed).map(\.name)) == Self.quietChecks)
            for check in report.checks where Self.errorChecks.contains(check.name) {
                #expect(check.status == .error)
                #expect(check.message.contains("crashed with SIG"), "\(check.message)")
            }
        }

        @Test("a hang fails only the checks that hang, after the timeout")
        func hangKeepsOtherResults() async throws {
            let report = try await QuizSupport.gradeFixture("01", "hangs-on-error.swift", in: "channel", timeout: 2)
            #expect(Set(report.checks.filter(\.passed).map(\.name)) == Self.quietChecks)
            for check in report.checks where Self.errorChecks.contains(check.name) {
                #expect(check.status == .error)
                #expect(check.message.contains("did not finish within 2 s"))
            }
            // Checks run side by side: the hung ones cost about one timeout (plus the grace), not two.
            #expect(report.seconds < 6)
        }

        @Test("a flood of output is cut short and fails only its own checks")
        func floodKeepsOtherResults() async throws {
            let report = try await QuizSupport.gradeFixture("01", "floods-on-error.swift", in: "channel", timeout: 2)
            #expect(Set(report.checks.filter(\.passed).map(\.name)) == Self.quietChecks)
            for check in report.checks where Self.errorChecks.contains(check.name) {
                #expect(check.status == .error)
                #expect(check.output.last?.hasPrefix("[output cut short") == true)
            }
        }

        @Test("an answer that does not compile gets the error at its own file, line and column")
        func compileErrorPointsAtTheAnswer() async throws {
            let path = ".lesson/answers/01-run-many/Answer.swift"
            let answer = try QuizSupport.fixture("channel", "syntax-error.swift")
            let report = try await QuizSupport.grade("01", answer: answer, answerPath: path)
            #expect(report.status == .error)
            #expect(report.checks.isEmpty)
            #expect(report.message.hasPrefix("Your answer does not compile yet:"))
            #expect(report.message.contains("\(path):5:"))
            #expect(report.message.contains(": error: "))
            #expect(!report.message.contains(CompileFeedback.hiddenFile))
            let text = GradeTerminalReport(color: false).render(report)
            #expect(text.contains("\(path):5:") && text.contains("    let pages: [String] ="))
            let json = ExercismResults(report)
            #expect(json.status == "error" && json.tests.isEmpty && json.message == report.message)
        }

        @Test("an answer the checks cannot use is told so without showing the checks")
        func hiddenErrorsShowNoSource() async throws {
            let quiz = try QuizSupport.quiz("01")
            let answer = quiz.starter.replacingOccurrences(of: "func fetchAll(", with: "func fetchEverything(")
            let report = try await QuizSupport.grade("01", answer: answer)
            #expect(report.status == .error)
            #expect(report.message.contains("cannot find 'fetchAll' in scope"))
            #expect(report.message.contains("keep the names and signatures"))
            #expect(!report.message.contains("SlowNetwork"))
        }
    }
}
