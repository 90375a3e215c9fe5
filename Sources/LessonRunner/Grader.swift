import EmbeddedSources
import Foundation
import LessonCore
import Synchronization

/// Grades a quiz answer the way online judges run interactive problems. Two programs are
/// built: the quiz's JUDGE (its `Judge.swift` and the judge kit; it never contains the
/// answer, so it is built once per quiz version), and the ANSWER (the learner's file, the
/// quiz's `Adapter.swift` and the answer kit). For every check a judge starts (it makes
/// itself non-dumpable first) and beside it one fresh answer process, confined (an empty
/// temporary directory, no argument, no new privileges, an unprivileged user when run as
/// root, a seccomp filter against tracing and signalling), joined by two pipes. The judge
/// serves every call the answer makes into its instrumented world and decides the verdict
/// from its own record of those calls. The verdict travels on the judge's standard
/// output, which the answer never holds.
package struct Grader: Sendable {
    /// How checks are run.
    package struct Options: Sendable {
        /// Seconds each check may run; nil uses the quiz's `timeout:`, else `defaultTimeout`.
        package var timeout: Double? = nil
        /// Seconds each check may run when neither the options nor the quiz say.
        package var defaultTimeout: Double = 10
        /// Bytes kept of what the answer prints in one check.
        package var outputLimit: Int = 64 << 10
        /// Checks run at once.
        package var jobs: Int = 8
        /// Called with each check's verdict as soon as it is known (in finishing order).
        package var checkFinished: (@Sendable (CheckResult) -> Void)? = nil
        /// Called once the answer and the judge are built, with the number of checks to run.
        package var checksListed: (@Sendable (Int) -> Void)? = nil
        /// The seed the checks draw their inputs from; nil draws a fresh one.
        package var seed: UInt64? = nil
        /// How each answer process is confined (default `Confinement.answer`).
        package var confinement: Confinement = .answer

        package init() {}
    }

    package let cache: BuildCache
    package let kits: GraderKits

    package init(cache: BuildCache, kits: GraderKits) {
        self.cache = cache
        self.kits = kits
    }

    /// Grades `answer` (the text of the file the learner calls `answerPath`). Throws only for
    /// tool failures; an answer that does not compile, or that the policy refuses, is a
    /// graded `.error` report.
    package func grade(
        _ quiz: Quiz, answer: String, answerPath: String, options: Options = Options()
    ) async throws -> GradeReport {
        let started = MonotonicClock.now()
        GraderGuard.protectThisProcess()
        var report = GradeReport(quiz: quiz.id, title: quiz.title, answer: answerPath, status: .error)
        // 64 random bits: the judge's inputs are hashes of the seed, so nothing an answer sees
        // narrows it down, and there are far too many seeds to try.
        let seed = options.seed ?? UInt64.random(in: 1...UInt64.max)
        report.seed = seed
        async let judgeBuild = cache.build(Self.judgeRequest(quiz, kits: kits))
        async let answerBuild = cache.build(
            Self.answerRequest(quiz, answer: answer, answerPath: answerPath, kits: kits))
        let parse = try await AnswerParser.parse(answer, toolchain: cache.toolchain, cacheDirectory: cache.directory)
        let trusted = [quiz.adapter] + kits.answer.filter { $0.name.hasSuffix(".swift") }.map(\.text)
        let refused =
            parse.map {
                AnswerPolicy.violations(
                    inDump: $0, source: answer, path: answerPath, starter: quiz.starter, trusted: trusted)
            } ?? []
        guard refused.isEmpty else {
            report.message =
                "Your answer would change code it does not own, so it was not graded:\n"
                + refused.map { $0.formatted(source: answer) }.joined(separator: "\n")
            report.seconds = MonotonicClock.now() - started
            return report
        }
        let product = try await answerBuild
        report.compile = product.result
        guard let executable = product.executable else {
            report.message = CompileFeedback.describe(product.result, answerPath: answerPath, answerSource: answer)
            report.seconds = MonotonicClock.now() - started
            return report
        }
        guard parse != nil else {
            // It compiles only together with the adapter and the kit: it uses their names.
            report.message = """
                Your answer uses names it does not declare itself (the grading code's), so it was \
                not graded. Write the quiz's functions with the standard library only.
                """
            report.seconds = MonotonicClock.now() - started
            return report
        }
        report.warnings = CompileFeedback.warnings(product.result, answerPath: answerPath, answerSource: answer)
        let judged = try await judgeBuild
        guard let judge = judged.executable else {
            throw ToolError.cannotRun("the judge of quiz \(quiz.id) does not compile:\n\(judged.result.output)")
        }
        let timeout = options.timeout ?? quiz.timeout ?? options.defaultTimeout
        let listed = try await list(judge)
        guard !listed.isEmpty else {
            report.message = "the quiz \(quiz.id) declares no checks (its Judge.swift needs a non-empty `quizChecks`)"
            report.seconds = MonotonicClock.now() - started
            return report
        }
        options.checksListed?(listed.count)
        report.checks = try await runChecks(
            listed, judge: judge, answer: executable, seed: seed, timeout: timeout, options: options)
        report.status = GradeReport.status(of: report.checks)
        report.seconds = MonotonicClock.now() - started
        return report
    }

    /// The judge program of a quiz: the judge kit, the quiz's `Judge.swift` and a `main.swift`
    /// that runs it. The answer is not part of it.
    package static func judgeRequest(_ quiz: Quiz, kits: GraderKits) -> BuildRequest {
        let sources =
            [SourceFile(name: "main.swift", text: "await judgeMain(quizChecks)\n")] + kits.judge
            + [SourceFile(name: "Judge.swift", text: quiz.judge)]
        return BuildRequest(sources: sources, extraFlags: ["-I", ".", "-package-name", "lesson"])
    }

    /// The answer program: the answer (diagnostics point at `answerPath`), the quiz's adapter
    /// and a `main.swift` that serves the judge's requests, linked with the answer kit
    /// (`answerKit`), which is compiled once into the build cache, not with every answer.
    package static func answerRequest(
        _ quiz: Quiz, answer: String, answerPath: String, kits: GraderKits
    ) -> BuildRequest {
        let kit = answerKit(kits)
        let uses = "import \(kit.module)\n"
        let located = SourceFile(name: "Adapter.swift", text: quiz.adapter, locatedAt: CompileFeedback.hiddenFile)
        // The import stands before the adapter's `#sourceLocation`, so its lines are unmoved.
        let adapter = SourceFile(name: located.name, text: uses + located.text)
        let sources = [
            SourceFile(
                name: "main.swift", text: uses + "CallingThread.noteMain()\nawait JudgeLink.shared.serve(quizAdapter)\n"
            ),
            adapter,
            SourceFile(name: "Answer.swift", text: answer, locatedAt: answerPath),
        ]
        return BuildRequest(sources: sources, libraries: [kit])
    }

    /// The answer kit as a library of its own (`import QuizAnswerKit`): the wire format and
    /// `Sources/AnswerKit`. The answer's own file does not import it, so an answer cannot use
    /// the kit's names (and `AnswerParser`, which type-checks the answer alone, refuses one
    /// that tries to import it).
    package static func answerKit(_ kits: GraderKits) -> SupportLibrary {
        SupportLibrary(
            module: "QuizAnswerKit",
            sources: kits.answer.filter { $0.name.hasSuffix(".swift") })
    }

    /// A check as the judge lists it.
    private struct Listed: Sendable {
        var index: Int
        var task: Int
        var name: String
        var hint: String
        var lesson: String
    }

    /// Asks the judge for its checks. No answer runs in this mode.
    private func list(_ judge: String) async throws -> [Listed] {
        let run = try await process(judge, ["--list"], timeout: 30, outputLimit: 1 << 20)
        return JudgeReport.parse(run.lines.filter { $0.stream == .stdout }.map(\.text).joined(separator: "\n"))
            .compactMap { record in
                guard case .check(let index, let task, let name, let hint, let lesson) = record else { return nil }
                return Listed(index: index, task: task, name: name, hint: hint, lesson: lesson)
            }
    }

    private func runChecks(
        _ listed: [Listed], judge: String, answer: String, seed: UInt64, timeout: Double, options: Options
    ) async throws -> [CheckResult] {
        let watch = GraderWatch()
        defer { watch.stop() }
        return try await withThrowingTaskGroup(of: (Int, CheckResult).self) { group in
            var pending = listed.enumerated().makeIterator()
            func startNext() {
                guard let (position, check) = pending.next() else { return }
                group.addTask {
                    // A check that fails while the machine held its judge or its answer back
                    // is run again (same seed), at most `SetAsideRun.limit` times; the
                    // result keeps every run set aside.
                    var setAside: [SetAsideRun] = []
                    while true {
                        let (judged, answered, heldBack, watched) = try await runCheck(
                            check.index, judge: judge, answer: answer, seed: seed, timeout: timeout,
                            outputLimit: options.outputLimit, confinement: options.confinement, watch: watch)
                        var result = CheckResult.judge(
                            name: check.name, task: check.task, hint: check.hint, lesson: check.lesson, run: judged,
                            answer: answered, timeout: timeout)
                        var ceiling = watched.peakThreads >= Confinement.answerThreads
                        if ceiling {
                            result.status = .fail
                            result.cause = .limit
                            result.message = CheckResult.threadCeilingMessage(Confinement.answerThreads)
                        }
                        if let limit = answered?.confinementLimit {
                            // The answer reached its learner's memory or process limit.
                            ceiling = true
                            result.status = .fail
                            result.cause = .limit
                            result.message = limit
                        }
                        // Only what processes outside the grade took from the check, not what
                        // the grade's own processes took from each other (an answer crowding
                        // the CPU on purpose), may excuse a failure.
                        let excusable = GraderWatch.excusable(heldBack, outside: watched.outside)
                        if !ceiling,
                            SetAsideRun.applies(
                                failed: !result.passed, timedOut: judged.timedOut, heldBack: excusable,
                                before: setAside.count)
                        {
                            setAside.append(SetAsideRun(elapsed: judged.elapsed, heldBack: excusable, failed: []))
                            continue
                        }
                        if !ceiling,
                            SetAsideRun.unjudged(
                                hung: result.cause == .hung, heldBack: excusable, elapsed: judged.elapsed,
                                before: setAside.count)
                        {
                            result.status = .error
                            result.cause = .busy
                            result.message = SetAsideRun.tooBusy(excusable, setAside: setAside.count)
                        }
                        result.setAside = setAside.isEmpty ? nil : setAside
                        result.lingered = answered?.lingered
                        return (position, result)
                    }
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
}
