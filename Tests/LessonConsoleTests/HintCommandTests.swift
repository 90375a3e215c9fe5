import Foundation
import LessonCore
import LessonRunner
import TestSupport
import Testing

/// `lesson quiz NN --hint` reveals one hint per call and remembers how many; `--hints`
/// shows the revealed ones without revealing more.
extension RealProcesses.CommandLineTests {
    @Test func hintsAreRevealedOneAtATime() async throws {
        let state = stateDirectory()
        let catalog = GraderCatalog(workspace: Workspace(root: Fixtures.root, stateDirectory: state))
        let quiz = try catalog.load(try catalog.resolve("04"))
        let total = quiz.hints.count
        try #require(total >= 2)
        func numbered(_ text: String) -> [String] {
            text.split(separator: "\n").filter { $0.hasPrefix("  ") }.map(String.init)
        }

        let before = try await lesson(["quiz", "04", "--hints"], state: state)
        #expect(before.status == 0)
        #expect(numbered(before.stdout).isEmpty)
        #expect(before.stdout.contains("\(total) hints left"))

        let first = try await lesson(["quiz", "04", "--hint"], state: state)
        #expect(first.status == 0)
        #expect(numbered(first.stdout) == ["  1. \(quiz.hints[0])"])
        #expect(first.stdout.contains("\(total - 1) hint\(total - 1 == 1 ? "" : "s") left"))

        let again = try await lesson(["quiz", "04", "--hints"], state: state)
        #expect(numbered(again.stdout) == ["  1. \(quiz.hints[0])"])

        let second = try await lesson(["quiz", "04", "--hint"], state: state)
        #expect(numbered(second.stdout) == ["  1. \(quiz.hints[0])", "  2. \(quiz.hints[1])"])
        let stored = try String(contentsOfFile: "\(state)/answers/\(quiz.id)/hints-revealed", encoding: .utf8)
        #expect(stored == "2\n")

        for _ in 2..<total { _ = try await lesson(["quiz", "04", "--hint"], state: state) }
        let past = try await lesson(["quiz", "04", "--hint"], state: state)
        #expect(past.status == 0)
        #expect(numbered(past.stdout).count == total)
        #expect(past.stdout.split(separator: "\n").last == "No hints left.")
    }
}

/// `HintProgress`, the library type the terminal keeps hint progress with: keyed by a state
/// folder, so two learners' folders never see each other's progress, and the terminal's
/// `lesson quiz --hints` reads what the library wrote.
extension RealProcesses.CommandLineTests {
    @Test func hintProgressIsKeptPerStateFolder() async throws {
        let (alice, bob) = (stateDirectory(), stateDirectory())
        let catalog = GraderCatalog(workspace: Workspace(root: Fixtures.root, stateDirectory: alice))
        let quiz = try catalog.load(try catalog.resolve("04"))
        try #require(quiz.hints.count >= 2)
        let (aliceProgress, bobProgress) = (HintProgress(stateDirectory: alice), HintProgress(stateDirectory: bob))
        #expect(try aliceProgress.revealNext(quiz) == 1)
        #expect(try aliceProgress.revealNext(quiz) == 2)
        #expect(aliceProgress.revealed(quiz) == 2)
        #expect(bobProgress.revealed(quiz) == 0)
        #expect(try bobProgress.revealNext(quiz) == 1)
        #expect(aliceProgress.revealed(quiz) == 2)
        // The terminal reads the same file the library wrote.
        let shown = try await lesson(["quiz", "04", "--hints"], state: alice)
        #expect(shown.stdout.contains("  2. \(quiz.hints[1])"))
        #expect(!shown.stdout.contains("  3. "))
    }
}
