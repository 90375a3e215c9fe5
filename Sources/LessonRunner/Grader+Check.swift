import Foundation
import LessonCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One check of a grade: the judge and its answer process, side by side (`Grader.grade`).
extension Grader {
    /// One check: the judge, and beside it one fresh answer process, confined, the two joined
    /// by two pipes (the answer's descriptors 3 and 4, the judge's 3 and 4). Once the judge
    /// has given its verdict the answer gets 0.3 s to exit by itself (it does when its
    /// requests end, flushing what it printed), then it is killed.
    func runCheck(
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
        // Then, once the answer has started, its process id (as the judge sees processes),
        // so that the judge can see its threads; the order ends there.
        let line = Array("check\t\(index)\t\(seed)\n".utf8)
        _ = line.withUnsafeBytes { write(order.write, $0.baseAddress, $0.count) }
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
            handedOver.answerStarted(pid: pid)
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
        let answerRun = Task { [answerProcess] in
            // An answer that never started ends the judge's order without a process id.
            defer { handedOver.answerStarted(pid: nil) }
            return try await answerProcess.run()
        }
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

    func process(_ executable: String, _ arguments: [String], timeout: Double, outputLimit: Int)
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
struct Watched {
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

    /// The answer holds the requests' read end and the calls' write end; the judge's order
    /// ends with the answer's process id (`pid`, when it started).
    func answerStarted(pid: Int32?) {
        state.withLock { state in
            guard !state.answer else { return }
            state.answer = true
            state.requests.closeRead()
            state.calls.closeWrite()
            if let pid {
                let line = Array("answer\t\(pid)\n".utf8)
                _ = line.withUnsafeBytes { write(state.order.write, $0.baseAddress, $0.count) }
            }
            state.order.closeWrite()
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
        answerStarted(pid: nil)
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
