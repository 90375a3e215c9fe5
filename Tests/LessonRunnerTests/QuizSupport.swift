import Foundation
import LessonCore
import LessonRunner
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// What the quiz tests share: the workshop's quizzes, one build cache (so each answer is
/// compiled once, also across test runs), and a gate that lets only two gradings run their
/// checks at a time, so timing checks are not judged on a machine swamped by compilers.
enum QuizSupport {
    /// The package root.
    static let root = Fixtures.root
    /// The fixture answers, by quiz number.
    static let fixtures = "\(root)/Tests/LessonRunnerTests/Fixtures/Quizzes"
    static let catalog = GraderCatalog(workspace: Workspace(root: root, stateDirectory: "/tmp/unused"))
    /// One build cache for every quiz test; a failure to find the compiler fails each test.
    static let cache = Result { () throws -> BuildCache in
        let directory = "\(NSTemporaryDirectory())/lesson-quiz-tests-\(getuid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return BuildCache(directory: directory, toolchain: try Toolchain.locate())
    }
    static let gate = Slots(width: 2)

    /// The quiz whose directory starts with `number`, e.g. `04`.
    static func quiz(_ number: String) throws -> Quiz {
        try catalog.load(try catalog.resolve(number))
    }

    /// The grading kits this test binary embeds.
    static let kits = Result { try GraderKits.embedded() }

    /// Grades `answer` for quiz `number`: compiles first, then runs the checks behind the gate.
    static func grade(
        _ number: String, answer: String, answerPath: String = "Answer.swift", timeout: Double? = nil,
        seed: UInt64? = nil, checkFinished: (@Sendable (CheckResult) -> Void)? = nil
    ) async throws -> GradeReport {
        let quiz = try quiz(number)
        let cache = try cache.get()
        let kits = try kits.get()
        async let judge = cache.build(Grader.judgeRequest(quiz, kits: kits))
        _ = try await cache.build(Grader.answerRequest(quiz, answer: answer, answerPath: answerPath, kits: kits))
        _ = try await judge
        var options = Grader.Options()
        options.timeout = timeout
        options.seed = seed
        options.checkFinished = checkFinished
        await gate.enter()
        do {
            let report = try await Grader(cache: cache, kits: kits).grade(
                quiz, answer: answer, answerPath: answerPath, options: options)
            await gate.leave()
            return report
        } catch {
            await gate.leave()
            throw error
        }
    }

    /// Grades a fixture answer file.
    static func gradeFixture(
        _ number: String, _ name: String, in directory: String? = nil, timeout: Double? = nil,
        checkFinished: (@Sendable (CheckResult) -> Void)? = nil
    ) async throws -> GradeReport {
        let answer = try fixture(directory ?? number, name)
        return try await grade(
            number, answer: answer, answerPath: name, timeout: timeout, checkFinished: checkFinished)
    }

    /// The names of a quiz's checks, read from its judge.
    static func checkNames(_ number: String) throws -> Set<String> {
        Set(try quiz(number).judge.matches(of: /JudgeCheck\(\s*"([^"]+)"/).map { String($0.1) })
    }

    /// The text of a fixture answer.
    static func fixture(_ directory: String, _ name: String) throws -> String {
        try String(contentsOfFile: "\(fixtures)/\(directory)/\(name)", encoding: .utf8)
    }

    /// The fixture answers of quiz `number`.
    static func fixtureNames(_ number: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "\(fixtures)/\(number)")) ?? [])
            .filter { $0.hasSuffix(".swift") }.sorted()
    }

    /// The checks a fixture says must not pass: its `// expect failing: a; b` line (`none`
    /// for a correct answer).
    static func expectedFailures(in text: String) -> Set<String>? {
        let marker = "// expect failing:"
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(marker) }) else { return nil }
        let names = line.dropFirst(marker.count).split(separator: ";")
            .map { $0.trimmingCharacters(in: .whitespaces) }
        return names == ["none"] ? [] : Set(names)
    }

    /// What a fixture says its failures must say: its `// expect message: CHECK: TEXT` lines,
    /// each naming a check (by its full name) and a text its message must contain.
    static func expectedMessages(in text: String, checks: [String]) -> [(check: String, text: String)] {
        let marker = "// expect message: "
        return text.split(separator: "\n").filter { $0.hasPrefix(marker) }.compactMap { line in
            let rest = String(line.dropFirst(marker.count))
            guard let check = checks.filter({ rest.hasPrefix($0 + ": ") }).max(by: { $0.count < $1.count }) else {
                return (rest, "")
            }
            return (check, String(rest.dropFirst(check.count + 2)))
        }
    }

    /// The checks that judged the answer and failed it. A check the machine kept from
    /// judging (`cause == .busy`: every run of it held back, the last out of time) says
    /// nothing about the answer either way, so it is left out here and, through `judged`,
    /// from what the test expects.
    static func failing(_ report: GradeReport) -> Set<String> {
        Set(report.checks.filter { !$0.passed && $0.cause != .busy }.map(\.name))
    }

    /// `expected`, less the checks the machine kept from judging in `report`. Compare
    /// `failing(report)` with this, never with `expected` itself: a check that was not
    /// judged neither passed nor failed, and one that passed is still caught.
    static func judged(_ expected: Set<String>?, in report: GradeReport) -> Set<String>? {
        expected?.subtracting(report.checks.filter { $0.cause == .busy }.map(\.name))
    }
}
