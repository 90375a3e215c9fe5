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

    /// One check: the judge, and beside it one fresh answer process, confined, the two joined
    /// by two pipes (the answer's descriptors 3 and 4, the judge's 3 and 4). Once the judge
    /// has given its verdict the answer gets 0.3 s to exit by itself (it does when its
    /// requests end, flushing what it printed), then it is killed.
    private func runCheck(
        _ index: Int, judge: String, answer: String, seed: UInt64, timeout: Double, outputLimit: Int,
        confinement: Confinement, watch: GraderWatch
    ) async throws -> (judge: RunResult, answer: RunResult?, heldBack: HeldBack, watched: Watched) {
        let before = watch.mark()
        let answerPid = Mutex<Int32?>(nil)
        let judgePid = Mutex<Int32?>(nil)
        func watched() -> Watched {
            let pids = [answerPid.withLock { $0 }, judgePid.withLock { $0 }].compactMap { $0 }
            for pid in pids { watch.ended(pid) }
            return Watched(
                outside: watch.outside(since: before),
                peakThreads: answerPid.withLock { $0 }.map(watch.peakThreads) ?? 0)
        }
        let requests = try PipePair()
        let calls: PipePair
        do {
            calls = try PipePair()
        } catch {
            requests.close()
            throw ToolError.cannotRun("\(error)")
        }
        // The judge learns its check and seed on standard input: the answer can read the
        // judge's command line in /proc, but not a pipe it does not hold.
        let order: PipePair
        do {
            order = try PipePair()
        } catch {
            requests.close()
            calls.close()
            throw ToolError.cannotRun("\(error)")
        }
        let line = Array("check\t\(index)\t\(seed)\n".utf8)
        _ = line.withUnsafeBytes { write(order.write, $0.baseAddress, $0.count) }
        order.closeWrite()
        let handedOver = HandedOver(requests: requests, calls: calls, order: order)
        defer { handedOver.closeWhatIsLeft() }
        var answerProcess = Subprocess(executable: answer)
        answerProcess.environment = ["SWIFT_BACKTRACE": "enable=no"]
        answerProcess.standardOutput = .pipe
        answerProcess.timeout = timeout + 1
        answerProcess.terminationGrace = 0.2
        answerProcess.outputLimit = outputLimit
        answerProcess.confinement = confinement
        answerProcess.inheritedDescriptors = [3: requests.read, 4: calls.write]
        let answerMeter = HeldBackMeter()
        let judgeMeter = HeldBackMeter()
        answerProcess.onStart = { pid in
            handedOver.answerStarted()
            answerMeter.start(pid)
            answerPid.withLock { $0 = pid }
            watch.started(pid, isAnswer: true)
        }
        answerProcess.onEnd = { pid, cpu in watch.ended(pid, cpu: cpu) }
        var judgeProcess = Subprocess.compiledSwift(judge)
        judgeProcess.standardOutput = .pipe
        judgeProcess.timeout = timeout
        judgeProcess.terminationGrace = 0.5
        judgeProcess.outputLimit = outputLimit
        judgeProcess.inheritedDescriptors = [0: order.read, 3: calls.read, 4: requests.write]
        judgeProcess.onStart = { pid in
            handedOver.judgeStarted()
            judgeMeter.start(pid)
            judgePid.withLock { $0 = pid }
            watch.started(pid, isAnswer: false)
        }
        judgeProcess.onEnd = { pid, cpu in watch.ended(pid, cpu: cpu) }
        // An answer still running `AnswerLinger.grace` after the judge's verdict has its threads
        // sampled (it is stopped once the judge has ended).
        let lingering = AnswerLinger()
        judgeProcess.lineObserver = { line in
            guard line.stream == .stdout else { return }
            let isVerdict = JudgeReport.parse(line.text).contains {
                if case .check = $0 { return false } else { return true }
            }
            if isVerdict { lingering.verdict(answer: answerPid) }
        }
        let answerRun = Task { [answerProcess] in try await answerProcess.run() }
        let judged: RunResult
        do {
            judged = try await judgeProcess.run()
        } catch let error as SubprocessError {
            answerRun.cancel()
            _ = (judgeMeter.stop(), answerMeter.stop(), watched())
            throw ToolError.cannotRun(error.description)
        }
        // The judge's end of the requests is closed now, so the answer sees end of file.
        let answered = await withTaskGroup(of: RunResult?.self) { race in
            race.addTask { try? await answerRun.value }
            race.addTask {
                try? await Task.sleep(for: .milliseconds(300))
                return nil
            }
            let first = await race.next() ?? nil
            race.cancelAll()
            return first
        }
        var finished: RunResult?
        if let answered {
            finished = answered
        } else {
            answerRun.cancel()
            finished = try? await answerRun.value
        }
        if let sample = lingering.sample(), finished != nil {
            // From the verdict to the moment the answer was seen ended.
            finished?.lingered = Lingered(seconds: MonotonicClock.now() - sample.verdictAt, threads: sample.threads)
        }
        // An answer that could not be started confined (no private world) is a tool failure:
        // it is never graded unconfined.
        if finished == nil, let failure = await answerStartFailure(answerRun) {
            _ = (judgeMeter.stop(), answerMeter.stop(), watched())
            throw ToolError.cannotRun(failure)
        }
        return (judged, finished, judgeMeter.stop().combined(with: answerMeter.stop()), watched())
    }

    /// Why the answer's process could not be started, when it could not (nil when it ran).
    private func answerStartFailure(_ run: Task<RunResult, any Error>) async -> String? {
        do {
            _ = try await run.value
            return nil
        } catch let error as SubprocessError {
            return "the answer could not be started confined, so it was not graded: \(error.description)"
        } catch {
            return nil
        }
    }

    private func process(_ executable: String, _ arguments: [String], timeout: Double, outputLimit: Int)
        async throws -> RunResult
    {
        var process = Subprocess.compiledSwift(executable, arguments: arguments)
        process.standardOutput = .pipe
        process.timeout = timeout
        process.terminationGrace = 0.5
        process.outputLimit = outputLimit
        do {
            return try await process.run()
        } catch let error as SubprocessError {
            throw ToolError.cannotRun(error.description)
        }
    }
}

/// What the grade's watch saw during one check: the CPU seconds processes outside the grade
/// took meanwhile, and the most threads the check's answer had.
private struct Watched {
    var outside: Double
    var peakThreads: Int
}

/// The pipe ends of one check, each closed here once its child has it (or at the end,
/// if that child never started), and never twice.
private final class HandedOver: Sendable {
    private let state: Mutex<(requests: PipePair, calls: PipePair, order: PipePair, answer: Bool, judge: Bool)>

    init(requests: PipePair, calls: PipePair, order: PipePair) {
        state = Mutex((requests, calls, order, false, false))
    }

    /// The answer holds the requests' read end and the calls' write end.
    func answerStarted() {
        state.withLock { state in
            guard !state.answer else { return }
            state.answer = true
            state.requests.closeRead()
            state.calls.closeWrite()
        }
    }

    /// The judge holds the calls' read end, the requests' write end and the order's read end.
    func judgeStarted() {
        state.withLock { state in
            guard !state.judge else { return }
            state.judge = true
            state.calls.closeRead()
            state.requests.closeWrite()
            state.order.closeRead()
        }
    }

    /// Closes the ends of a child that never started.
    func closeWhatIsLeft() {
        answerStarted()
        judgeStarted()
    }
}

/// Where a graded answer's threads were when it was still running `grace` after its judge's
/// verdict (`CheckResult.lingered`).
private final class AnswerLinger: Sendable {
    /// How long after the verdict an answer counts as lingering.
    static let grace: Double = 1

    private let state = Mutex<(verdictAt: Double, threads: [LingeringThread])?>(nil)

    /// The judge gave its verdict now: samples the answer `grace` later if it still runs.
    func verdict(answer: borrowing Mutex<Int32?>) {
        let verdictAt = MonotonicClock.now()
        guard let pid = answer.withLock({ $0 }) else { return }
        let thread = Thread { [self] in
            usleep(UInt32(Self.grace * 1e6))
            guard LingerSample.isRunning(pid) else { return }
            let threads = LingerSample.threads(of: pid, stacks: false)
            guard !threads.isEmpty else { return }
            state.withLock { $0 = (verdictAt, threads) }
        }
        thread.stackSize = 1 << 18
        thread.start()
    }

    /// The sample, when the answer lingered.
    func sample() -> (verdictAt: Double, threads: [LingeringThread])? {
        state.withLock { $0 }
    }
}
