import CJudge
import Synchronization

// A module of the package, type-checked by `swift build`; in a quiz's program its files are
// compiled in one module with the kits they use, where there is nothing to import.
#if canImport(QuizWire)
    import QuizPipe
    import QuizWire
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// A call the answer made into the judge's world.
struct Call: Sendable {
    /// The answer's number for the call (only for replies).
    let id: Int
    /// What was called, e.g. `fetch`.
    let operation: String
    let arguments: [String]
    /// When the judge received it.
    let time: Double
}

/// What the world throws back to the answer: an error by kind, with details.
struct WorldFailure: Error {
    let kind: String
    let details: [String]

    init(_ kind: String, _ details: [String] = []) {
        self.kind = kind
        self.details = details
    }
}

/// What a request to the answer came back with, as the answer's process reported it.
enum Outcome: Sendable {
    /// The answer's function returned these values.
    case returned([String])
    /// It threw an error the world had thrown to it (kind, details).
    case worldError(String, [String])
    /// It threw an error of its own (type name, description).
    case otherError(String, String)
    /// It threw `CancellationError`.
    case cancelled

    /// The outcome in the learner's words.
    var described: String {
        switch self {
        case .returned(let values): "returned \(values.count) value\(values.count == 1 ? "" : "s")"
        case .worldError(let kind, _): "threw \(kind)"
        case .otherError(let type, let text): "threw \(type == text ? type : "\(type) (\(text))")"
        case .cancelled: "threw CancellationError"
        }
    }
}

/// The answer's process, as the judge sees it: two pipes to a process the grader started
/// confined beside the judge, and the world that serves the calls the answer makes. Everything that arrives is data the
/// judge checks; nothing the answer sends is taken for a verdict.
final class AnswerProcess: Sendable {
    private enum Delivery {
        case outcome(Outcome, Double)
        case timedOut
        case gone(String)
    }

    private struct State {
        var nextRequest = 0
        var pending: [Int: CheckedContinuation<Delivery, Never>] = [:]
        var serving: [Int: Task<Void, Never>] = [:]
        var cancelledEarly: Set<Int> = []
        var world: (@Sendable (Call) async throws -> [String])? = nil
        var gone: String? = nil
        /// Every call number the answer used, and what it sent that its adapter never sends.
        var callIDs: Set<Int> = []
        var answered: Set<Int> = []
        var forged: [String] = []
        /// Per operation: calls arrived and not answered yet, and when the last one arrived.
        var open: [String: Int] = [:]
        var lastArrival: [String: Double] = [:]
    }

    private let requests: Int32
    private let calls: Int32
    /// The answer's threads as the kernel sees them, when the grader said which process
    /// is the answer's.
    let threads: AnswerThreads?
    private let state = Mutex(State())
    private let output = Mutex(())

    /// The answer's process, which the grader started beside this judge: its calls arrive on
    /// `calls` (descriptor 3), its requests leave on `requests` (descriptor 4).
    init(calls: Int32 = 3, requests: Int32 = 4, pid: Int32? = nil) {
        self.calls = calls
        self.requests = requests
        threads = pid.map(AnswerThreads.init)
        signal(SIGPIPE, SIG_IGN)
        let reader = LineReader(calls) { [self] fields in
            receive(fields)
        } atEnd: { [self] in
            ended()
        }
        reader.start()
    }

    /// Serves every call the answer makes from now on with `handler`. A handler that throws
    /// `WorldFailure` throws that error to the answer; one that is cancelled (the answer
    /// cancelled its call) answers with `CancellationError`.
    func serve(_ handler: @escaping @Sendable (Call) async throws -> [String]) {
        state.withLock { $0.world = handler }
    }

    /// Asks the answer to run `kind` with `arguments`, and waits at most `limit` seconds for
    /// what it returns. A process that dies or stays silent fails the check.
    func request(
        _ kind: String, _ arguments: [String] = [], within limit: Double, doing what: String, late: String? = nil
    ) async throws
        -> (outcome: Outcome, seconds: Double)
    {
        let (outcome, seconds, _) = try await timedRequest(
            kind, arguments, within: limit, doing: what, late: late)
        return (outcome, seconds)
    }

    /// `request`, also saying when the answer's reply arrived (`now()`'s clock, stamped as
    /// the reply was read, in the order of everything else the answer sent: a call whose
    /// `Call.time` is later was sent after the reply).
    func timedRequest(
        _ kind: String, _ arguments: [String] = [], within limit: Double, doing what: String, late: String? = nil
    ) async throws
        -> (outcome: Outcome, seconds: Double, arrived: Double)
    {
        let start = now()
        let delivery = await withCheckedContinuation { (continuation: CheckedContinuation<Delivery, Never>) in
            let (id, gone) = state.withLock { state -> (Int, String?) in
                if let gone = state.gone { return (0, gone) }
                state.nextRequest += 1
                state.pending[state.nextRequest] = continuation
                return (state.nextRequest, nil)
            }
            if let gone {
                continuation.resume(returning: .gone(gone))
                return
            }
            send(["req", String(id), kind] + arguments)
            Task { [self] in
                try? await pause(limit)
                deliver(id, .timedOut)
            }
        }
        switch delivery {
        case .outcome(let outcome, let time): return (outcome, time - start, time)
        case .timedOut:
            throw CheckFailure(
                late ?? "\(what) did not return within \(seconds(limit)): something waits forever, or far too long",
                hung: true)
        case .gone(let why):
            throw CheckFailure("\(what) never returned: \(why)")
        }
    }

    /// How many calls of `operation` the answer made that have no reply yet (waiting for
    /// their handler to start, or in it), and when the last of them arrived (`now()`'s
    /// clock; 0 when none has). A judge that waits for the answer to stop calling looks
    /// here, not at what its handlers have started: on a busy machine a handler can start
    /// well after its call arrived.
    func calls(of operation: String) -> (open: Int, lastArrival: Double) {
        state.withLock { ($0.open[operation] ?? 0, $0.lastArrival[operation] ?? 0) }
    }

    /// Ends the requests: the answer's process sees end of file and exits (the grader ends
    /// it if it does not).
    func stop() {
        close(requests)
    }

    private func send(_ fields: [String]) {
        let bytes = Wire.line(fields)
        output.withLock { _ in _ = Wire.write(bytes, to: requests) }
    }

    private func deliver(_ id: Int, _ delivery: Delivery) {
        let continuation = state.withLock { $0.pending.removeValue(forKey: id) }
        continuation?.resume(returning: delivery)
    }

    private func receive(_ fields: [String]) {
        let arrived = now()
        guard fields.count >= 2, let id = Int(fields[1]) else { return }
        switch fields[0] {
        case "call" where fields.count >= 3:
            let call = Call(id: id, operation: fields[2], arguments: Array(fields.dropFirst(3)), time: arrived)
            let (early, fresh) = state.withLock { state in
                let fresh = state.callIDs.insert(id).inserted
                if fresh {
                    state.open[call.operation, default: 0] += 1
                    state.lastArrival[call.operation] = arrived
                }
                return (state.cancelledEarly.remove(id) != nil, fresh)
            }
            guard fresh else {
                // The adapter numbers its calls once each: a second call under a number
                // already used was written by hand, and is never served.
                noteForged("a second call numbered \(id) (\(call.operation))")
                return
            }
            let task = Task { [self] in
                let reply: [String]
                do {
                    if early { throw CancellationError() }
                    guard let world = state.withLock({ $0.world }) else { throw WorldFailure("NoWorld") }
                    reply = ["ret", String(id), "ok"] + (try await world(call))
                } catch let failure as WorldFailure {
                    reply = ["ret", String(id), "err", failure.kind] + failure.details
                } catch {
                    reply = ["ret", String(id), "cancelled"]
                }
                state.withLock { state in
                    _ = state.serving.removeValue(forKey: id)
                    state.open[call.operation, default: 1] -= 1
                }
                send(reply)
            }
            state.withLock { $0.serving[id] = task }
        case "cancel":
            let task = state.withLock { state -> Task<Void, Never>? in
                if let task = state.serving[id] { return task }
                state.cancelledEarly.insert(id)
                return nil
            }
            task?.cancel()
        case "done" where fields.count >= 3:
            let rest = Array(fields.dropFirst(3))
            let outcome: Outcome
            switch fields[2] {
            case "ok": outcome = .returned(rest)
            case "world": outcome = .worldError(rest.first ?? "?", Array(rest.dropFirst()))
            case "cancelled": outcome = .cancelled
            default: outcome = .otherError(rest.first ?? "?", rest.count > 1 ? rest[1] : "")
            }
            let (sent, first) = state.withLock { state in
                (id >= 1 && id <= state.nextRequest, state.answered.insert(id).inserted)
            }
            // The adapter answers each request once, and only requests the judge sent.
            if !sent { noteForged("an answer to request \(id), which the judge never sent") }
            if sent && !first { noteForged("a second answer to request \(id)") }
            deliver(id, .outcome(outcome, arrived))
        default:
            return
        }
    }

    private func noteForged(_ what: String) {
        state.withLock { state in
            if state.forged.count < 8 { state.forged.append(what) }
        }
    }

    /// What the answer's process sent that its adapter never sends: lines written by hand.
    var forged: [String] { state.withLock { $0.forged } }

    /// The answer closed its end: it exited or crashed. Every request still open fails; the
    /// grader, which sees the answer's exit status, puts it where the marker stands.
    private func ended() {
        let waiting = state.withLock { state -> [CheckedContinuation<Delivery, Never>] in
            state.gone = "<the answer's process ended>"
            defer { state.pending = [:] }
            return Array(state.pending.values)
        }
        for continuation in waiting { continuation.resume(returning: .gone("<the answer's process ended>")) }
    }
}

/// A thread of its own that reads lines from a descriptor.
private final class LineReader: @unchecked Sendable {
    private let descriptor: Int32
    private let body: ([String]) -> Void
    private let atEnd: () -> Void

    init(_ descriptor: Int32, _ body: @escaping ([String]) -> Void, atEnd: @escaping () -> Void) {
        self.descriptor = descriptor
        self.body = body
        self.atEnd = atEnd
    }

    func start() {
        var thread = pthread_t()
        let created = pthread_create(
            &thread, nil,
            { raw in
                let reader = Unmanaged<LineReader>.fromOpaque(raw!).takeRetainedValue()
                Wire.readLines(from: reader.descriptor) { reader.body($0) }
                reader.atEnd()
                return nil
            }, Unmanaged.passRetained(self).toOpaque())
        if created != 0 { atEnd() }
    }
}

/// The judge's program: `--list` prints every check; with no argument it reads
/// `check N SEED` (tab-separated) from standard input, runs check N against the answer's
/// process on descriptors 3 and 4 and prints one verdict on standard output, which only
/// this process holds.
func judgeMain(_ checks: [JudgeCheck]) async -> Never {
    // First of all: nobody without CAP_SYS_PTRACE may trace this process or read its memory.
    guard cjudge_set_undumpable() == 0 else {
        Wire.write(Wire.line(["fail", "the judge could not protect itself (prctl)"]), to: 1)
        exit(70)
    }
    let arguments = CommandLine.arguments
    if arguments.count == 2, arguments[1] == "--list" {
        for (index, check) in checks.enumerated() {
            Wire.write(
                Wire.line(["check", String(index), String(check.task), check.name, check.hint, check.lesson]), to: 1)
        }
        exit(0)
    }
    // Which check, and the seed, come on standard input (a pipe from the grader), not in
    // the arguments: any process may read another's command line in /proc.
    // Once the answer's process has started, its process id follows on a line of its own.
    var order: [String] = []
    var answerPid: Int32? = nil
    Wire.readLines(from: 0, limit: 200) { fields in
        if order.isEmpty {
            order = fields
        } else if fields.count == 2, fields[0] == "answer", let pid = Int32(fields[1]), pid > 0 {
            answerPid = pid
        }
    }
    guard arguments.count == 1, order.count == 3, order[0] == "check", let number = Int(order[1]),
        checks.indices.contains(number), let seed = UInt64(order[2])
    else {
        Wire.write(Array("usage: judge --list | judge < 'check<TAB>N<TAB>SEED'\n".utf8), to: 2)
        exit(64)
    }
    let answer = AnswerProcess(pid: answerPid)
    let verdict: [String]
    do {
        try await checks[number].body(Judging(answer: answer, seed: seed, check: number))
        let forged = answer.forged
        guard forged.isEmpty else {
            throw CheckFailure(
                """
                your code's process sent messages its adapter never sends (\(forged.joined(separator: "; "))): \
                the judge counts only calls your code makes through the functions it was given
                """)
        }
        verdict = ["pass"]
    } catch let failure as CheckFailure {
        verdict = [failure.hung ? "hung" : "fail", failure.description] + (failure.hint.map { [$0] } ?? [])
    } catch {
        verdict = ["fail", "the check stopped on an error it did not expect: \(error)"]
    }
    Wire.write(Wire.line(verdict), to: 1)
    answer.stop()
    exit(0)
}
