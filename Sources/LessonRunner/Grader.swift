import Foundation
import LessonCore

/// Grades a quiz answer: compiles it with the quiz's hidden checks and a small harness,
/// then runs every check in a process of its own, so that a crash, a hang or a flood of
/// output in one check costs only that check. Verdicts come back on a report channel
/// (descriptor 3) and count only when they carry a secret made fresh for each run.
package struct Grader: Sendable {
    /// How checks are run.
    package struct Options: Sendable {
        /// Seconds each check may run; nil uses the quiz's `timeout:`, else `defaultTimeout`.
        package var timeout: Double? = nil
        /// Seconds each check may run when neither the options nor the quiz say.
        package var defaultTimeout: Double = 10
        /// Bytes kept per output stream of a check.
        package var outputLimit: Int = 64 << 10
        /// Checks run at once.
        package var jobs: Int = 8
        /// Called with each check's verdict as soon as it is known (in finishing order).
        package var checkFinished: (@Sendable (CheckResult) -> Void)? = nil

        package init() {}
    }

    package let cache: BuildCache

    package init(cache: BuildCache) {
        self.cache = cache
    }

    /// Grades `answer` (the text of the file the learner calls `answerPath`). Throws only for
    /// tool failures; an answer that does not compile is a graded `.error` report.
    package func grade(
        _ quiz: Quiz, answer: String, answerPath: String, options: Options = Options()
    ) async throws -> GradeReport {
        let started = MonotonicClock.now()
        var report = GradeReport(quiz: quiz.id, title: quiz.title, answer: answerPath, status: .error)
        let refused = AnswerPolicy.violations(
            in: answer, path: answerPath, starter: quiz.starter,
            trusted: [GraderHarness.main, GraderHarness.kit, quiz.checks])
        guard refused.isEmpty else {
            report.message =
                "Your answer would change how the hidden checks work, so it was not graded:\n"
                + refused.map { $0.formatted(source: answer) }.joined(separator: "\n")
            report.seconds = MonotonicClock.now() - started
            return report
        }
        let product = try await cache.build(
            Self.buildRequest(quiz, answer: answer, answerPath: answerPath))
        report.compile = product.result
        guard let executable = product.executable else {
            report.message = CompileFeedback.describe(
                product.result, answerPath: answerPath, answerSource: answer)
            report.seconds = MonotonicClock.now() - started
            return report
        }
        report.warnings = CompileFeedback.warnings(
            product.result, answerPath: answerPath, answerSource: answer)
        let timeout = options.timeout ?? quiz.timeout ?? options.defaultTimeout
        let listed = try await list(executable, options: options)
        guard !listed.isEmpty else {
            report.message = "the quiz \(quiz.id) declares no checks (its Checks.swift needs a non-empty `quizChecks`)"
            report.seconds = MonotonicClock.now() - started
            return report
        }
        report.checks = try await runChecks(listed, executable, timeout: timeout, options: options)
        report.status = GradeReport.status(of: report.checks)
        report.seconds = MonotonicClock.now() - started
        return report
    }

    /// The sources of one grading build: the harness as `main.swift`, the kit, the answer
    /// (diagnostics point at `answerPath`) and the hidden checks.
    package static func buildRequest(_ quiz: Quiz, answer: String, answerPath: String) -> BuildRequest {
        let sources = [
            SourceFile(name: "main.swift", text: GraderHarness.main, locatedAt: "<grader>"),
            SourceFile(name: "QuizKit.swift", text: GraderHarness.kit, locatedAt: "<grader>"),
            SourceFile(name: "Answer.swift", text: answer, locatedAt: answerPath),
            SourceFile(name: "Checks.swift", text: quiz.checks, locatedAt: CompileFeedback.hiddenFile),
        ]
        let linksSupport = sources.contains { $0.text.contains("import LessonSupport") }
        return BuildRequest(sources: sources, linksSupport: linksSupport)
    }

    /// A check as the harness lists it.
    private struct Listed: Sendable {
        var index: Int
        var task: Int
        var name: String
        var hint: String
    }

    /// Asks the binary for its checks. No answer code runs in this mode.
    private func list(_ executable: String, options: Options) async throws -> [Listed] {
        let secret = Self.makeSecret()
        let run = try await process(executable, ["--list"], secret: secret, timeout: 30, options: options)
        return VerdictRecord.parse(run.reportOutput ?? "", secret: secret).compactMap { record in
            guard case .check(let index, let task, let name, let hint) = record else { return nil }
            return Listed(index: index, task: task, name: name, hint: hint)
        }
    }

    private func runChecks(
        _ listed: [Listed], _ executable: String, timeout: Double, options: Options
    ) async throws -> [CheckResult] {
        try await withThrowingTaskGroup(of: (Int, CheckResult).self) { group in
            var pending = listed.enumerated().makeIterator()
            func startNext() {
                guard let (position, check) = pending.next() else { return }
                group.addTask {
                    let secret = Self.makeSecret()
                    let run = try await process(
                        executable, [String(check.index)], secret: secret, timeout: timeout,
                        options: options)
                    let result = CheckResult.judge(
                        index: check.index, name: check.name, task: check.task, hint: check.hint,
                        run: run, secret: secret, timeout: timeout)
                    return (position, result)
                }
            }
            for _ in 0..<max(1, options.jobs) { startNext() }
            var results = [CheckResult?](repeating: nil, count: listed.count)
            while let (position, result) = try await group.next() {
                results[position] = result
                options.checkFinished?(result)
                startNext()
            }
            return results.compactMap { $0 }
        }
    }

    private func process(
        _ executable: String, _ arguments: [String], secret: String, timeout: Double,
        options: Options
    ) async throws -> RunResult {
        var process = Subprocess.compiledSwift(executable, arguments: arguments)
        process.timeout = timeout
        process.terminationGrace = 0.5
        process.outputLimit = options.outputLimit
        process.reportChannel = true
        process.secretInput = Array(secret.utf8)
        do {
            return try await process.run()
        } catch let error as SubprocessError {
            throw ToolError.cannotRun(error.description)
        }
    }

    /// 32 random hex digits.
    private static func makeSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let value = generator.next() as UInt32
            let hex = String(value, radix: 16)
            return String(repeating: "0", count: 8 - hex.count) + hex
        }.joined()
    }
}
