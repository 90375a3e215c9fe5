import Foundation
import LessonCore
import LessonRunner
import TestSupport
import Testing

/// `lesson export --learner`, the learners' grading workflow, and `lesson grade --format`.
extension RealProcesses {
    @Suite struct LearnerEditionTests {
        typealias Class = ClassCommandTests

        /// Every file below `root`, relative, links not followed.
        static func files(_ root: String) -> [String] {
            let walker = FileManager.default.enumerator(atPath: root)
            var found: [String] = []
            while let path = walker?.nextObject() as? String {
                if (walker?.fileAttributes?[.type] as? FileAttributeType) != .typeDirectory { found.append(path) }
            }
            return found.sorted()
        }

        @Test func theLearnerEditionHoldsNoSolutionAndItsQuizzesRunAndGrade() async throws {
            let place = Class.scratch()
            let edition = "\(place)/edition"
            let exported = try await Class.lesson(["export", "--learner", edition])
            #expect(exported.status == 0, "\(exported.stderr)")
            let files = Self.files(edition)
            #expect(!files.contains { $0.hasSuffix("Solution.swift") }, "no reference solution anywhere")
            #expect(!files.contains { $0.hasPrefix("Lessons/solutions/") }, "no exercise reference solution")
            #expect(!files.contains { $0.hasPrefix("Tests/") || $0.hasPrefix(".git/") || $0.hasPrefix(".lesson/") })
            for quiz in ["01-run-many", "04-lazy-connection", "06-bulk-loader"] {
                for name in ["README.md", "Starter.swift", "Judge.swift", "Adapter.swift"] {
                    #expect(files.contains("Quizzes/\(quiz)/\(name)"), "\(quiz)/\(name)")
                }
            }
            #expect(files.contains("Package.swift") && files.contains("Lessons/04-gather.md"))
            #expect(files.contains(".github/workflows/grade.yml"))
            #expect(try Class.text("\(edition)/.gitignore").contains("!.lesson/answers/"))
            #expect(exported.stdout.contains("left out Quizzes/01-run-many/Solution.swift: a reference solution"))
            let again = try await Class.lesson(["export", "--learner", edition])
            #expect(again.status == 2 && again.stderr.contains("is not empty"))

            // In the edition, as a learner: run a lesson, take a quiz, grade it.
            let own = ["LESSON_WORKSHOP": edition, "LESSON_STATE_DIR": "\(edition)/.lesson"]
            let ran = try await Class.lesson(["run", "01"], in: edition, environment: own)
            #expect(ran.status == 0, "\(ran.stdout)\(ran.stderr)")
            let quiz = try await Class.lesson(["quiz", "01"], in: edition, environment: own)
            #expect(quiz.status == 0, "\(quiz.stderr)")
            #expect(FileManager.default.fileExists(atPath: "\(edition)/.lesson/answers/01-run-many/Answer.swift"))
            let graded = try await Class.lesson(["grade", "01"], in: edition, environment: own)
            #expect(graded.status == 1, "the starter fails: \(graded.stdout)\(graded.stderr)")

            // The learners' workflow: its grading step, run here with GITHUB_STEP_SUMMARY set.
            try Class.put(
                try Class.solution("02-first-answer"), "\(edition)/.lesson/answers/02-first-answer/Answer.swift")
            let workflow = try Class.text("\(edition)/.github/workflows/grade.yml")
            let lines = workflow.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let start = try #require(lines.firstIndex { $0.contains("- name: Grade every answer present") })
            let run = try #require(lines[start...].firstIndex { $0.hasSuffix("run: |") })
            let indent = lines[run + 1].prefix { $0 == " " }.count
            let script = lines[(run + 1)...].prefix { $0.hasPrefix(String(repeating: " ", count: indent)) }
                .map { String($0.dropFirst(indent)) }.joined(separator: "\n")
            let summary = "\(place)/step-summary.md"
            FileManager.default.createFile(atPath: summary, contents: nil)
            var step = Subprocess(
                executable: "/bin/bash", arguments: ["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
            step.standardOutput = .pipe
            step.timeout = 600
            var environment = ProcessInfo.processInfo.environment.merging(own) { $1 }
            environment["GITHUB_STEP_SUMMARY"] = summary
            environment["NO_COLOR"] = "1"
            let bin = Fixtures.binDirectory
            environment["PATH"] = "\(bin):\(environment["PATH"] ?? "/usr/bin:/bin")"
            step.environment = environment
            step.workingDirectory = edition
            let stepRun = try await step.run()
            #expect(stepRun.exitCode == 1, "one answer fails, so the step fails: \(stepRun.text(of: .stderr))")
            let markdown = try Class.text(summary)
            #expect(markdown.contains("### ❌ Quiz 01-run-many: Run many at once"), "\(markdown)")
            #expect(markdown.contains("### ✅ Quiz 02-first-answer"), "\(markdown)")
            #expect(markdown.contains("| check | result | what went wrong | read |"))
            #expect(markdown.contains("Lessons/04-gather.md#"))
        }

        @Test func gradescopeResultsBesideExercism() async throws {
            let place = Class.scratch()
            try Class.put(try Class.solution("01-run-many"), "\(place)/good.swift")
            try Class.put(try Class.starter("01-run-many"), "\(place)/starter.swift")
            try Class.put("func fetchAll( {\n", "\(place)/broken.swift")
            struct Results: Decodable {
                struct Test: Decodable {
                    var name: String
                    var score: Double
                    var max_score: Double
                    var output: String
                    var visibility: String
                    var status: String
                }
                var score: Double
                var max_score: Double
                var output: String
                var tests: [Test]
            }
            func grade(_ file: String, _ format: [String]) async throws -> (Int32, String) {
                let run = try await Class.lesson(["grade", "01", "\(place)/\(file)"] + format)
                return (run.status, run.stdout)
            }
            let (passed, good) = try await grade("good.swift", ["--format", "gradescope"])
            #expect(passed == 0)
            let results = try JSONDecoder().decode(Results.self, from: Data(good.utf8))
            #expect(results.score == 4 && results.max_score == 4 && results.tests.count == 4)
            #expect(results.tests.allSatisfy { $0.score == 1 && $0.max_score == 1 && $0.visibility == "visible" })
            #expect(results.tests.allSatisfy { $0.status == "passed" && !$0.name.isEmpty })
            let (failed, starter) = try await grade("starter.swift", ["--format", "gradescope"])
            #expect(failed == 1)
            let failing = try JSONDecoder().decode(Results.self, from: Data(starter.utf8))
            #expect(failing.score < failing.max_score)
            let first = try #require(failing.tests.first { $0.score == 0 })
            #expect(first.status == "failed" && first.output.contains("Read: Lessons/04-gather.md#"))
            #expect(failing.output.contains("Inputs drawn from seed"))
            let (_, broken) = try await grade("broken.swift", ["--format", "gradescope"])
            let none = try JSONDecoder().decode(Results.self, from: Data(broken.utf8))
            #expect(none.score == 0 && none.tests.isEmpty && none.output.contains("broken.swift:1:"))
            // --json stays Exercism v3.
            let (_, exercism) = try await grade("starter.swift", ["--json"])
            let v3 = try JSONDecoder().decode(ExercismResults.self, from: Data(exercism.utf8))
            #expect(v3.version == 3 && v3.status == "fail")
            let (usage, _) = try await grade("good.swift", ["--format", "xml"])
            #expect(usage == 2)
        }
    }
}
