import Foundation
import TestSupport
import Testing

/// `lesson grade` on the command line: `--json` (Exercism v3), `--seed` and the exit codes.
extension RealProcesses.CommandLineTests {
    @Test("lesson grade keeps its command line: --json (Exercism v3), --seed and exit codes")
    func gradeCommandLine() async throws {
        let state = "\(NSTemporaryDirectory())/lesson-grade-cli-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: state) }
        let quiz = "\(Fixtures.root)/Quizzes/04-lazy-connection"
        let passed = try await lesson(["grade", "04", "\(quiz)/Solution.swift", "--json"], state: state)
        #expect(passed.status == 0, "\(passed.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(passed.stdout.utf8)) as? [String: Any]
        #expect(json?["version"] as? Int == 3 && json?["status"] as? String == "pass")
        #expect((json?["tests"] as? [[String: Any]])?.count == 7)
        let failed = try await lesson(["grade", "04", "\(quiz)/Starter.swift", "--seed", "77"], state: state)
        #expect(failed.status == 1)
        #expect(failed.stdout.contains("'lesson grade 04 --seed 77' replays them"))
        let wrong = try await lesson(["grade", "04", "\(quiz)/Starter.swift", "--seed", "x"], state: state)
        #expect(wrong.status == 2 && wrong.stderr.contains("--seed needs a whole number"))
    }
}
