import CJudge
import Synchronization

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

/// The answer's process, as the judge sees it: a child it started confined, two pipes, and
/// the world that serves the calls the answer makes. Everything that arrives is data the
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
        var started: [Int: Double] = [:]
    }

    private let pid: pid_t
    private let requests: Int32
    private let calls: Int32
    private let state = Mutex(State())
    private let output = Mutex(())

    /// Starts `executable` confined in `directory` (see `cjudge_spawn_answer`).
    init(executable: String, directory: String) throws {
        var toAnswer: [Int32] = [-1, -1]
        var fromAnswer: [Int32] = [-1, -1]
        guard pipe(&toAnswer) == 0, pipe(&fromAnswer) == 0 else {
            throw CheckFailure("the judge could not create its pipes: \(String(cString: strerror(errno)))")
        }
        let program = open(executable, O_RDONLY | O_CLOEXEC)
        guard program >= 0 else {
            throw CheckFailure("the judge could not open the answer program: \(String(cString: strerror(errno)))")
        }
        let unprivileged: Int32 = getuid() == 0 ? 65534 : -1
        let argv = ["answer"]
        let env = ["SWIFT_BACKTRACE=enable=no"]
        let child = withCStrings(argv) { argvPointer in
            withCStrings(env) { envPointer in
                cjudge_spawn_answer(
                    program, argvPointer, envPointer, directory, toAnswer[0], fromAnswer[1], 2,
                    unprivileged, unprivileged)
            }
        }
        close(program)
        close(toAnswer[0])
        close(fromAnswer[1])
        guard child > 0 else {
            throw CheckFailure("the judge could not start the answer: \(String(cString: strerror(errno)))")
        }
        pid = child
        requests = toAnswer[1]
        calls = fromAnswer[0]
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
        let start = now()
        let delivery = await withCheckedContinuation { (continuation: CheckedContinuation<Delivery, Never>) in
            let (id, gone) = state.withLock { state -> (Int, String?) in
                if let gone = state.gone { return (0, gone) }
                state.nextRequest += 1
                state.pending[state.nextRequest] = continuation
                state.started[state.nextRequest] = start
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
        case .outcome(let outcome, let time): return (outcome, time - start)
        case .timedOut:
            throw CheckFailure(
                late ?? "\(what) did not return within \(seconds(limit)): something waits forever, or far too long")
        case .gone(let why):
            throw CheckFailure("\(what) never returned: \(why)")
        }
    }

    /// Ends the answer's process: closing its requests lets it exit by itself (and flush what
    /// it printed); if it has not within 0.3 s, it is killed.
    func stop() {
        close(requests)
        var status: Int32 = 0
        for _ in 0..<30 {
            if waitpid(pid, &status, WNOHANG) != 0 { return }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
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
            let early = state.withLock { $0.cancelledEarly.remove(id) != nil }
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
                state.withLock { _ = $0.serving.removeValue(forKey: id) }
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
            deliver(id, .outcome(outcome, arrived))
        default:
            return
        }
    }

    /// The answer closed its end: it exited or crashed. Every request still open fails.
    private func ended() {
        var why = "your code's process closed its channel to the checks"
        for _ in 0..<100 {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                why = Self.describe(status)
                break
            }
            usleep(10_000)
        }
        let waiting = state.withLock { state -> [CheckedContinuation<Delivery, Never>] in
            state.gone = why
            defer { state.pending = [:] }
            return Array(state.pending.values)
        }
        for continuation in waiting { continuation.resume(returning: .gone(why)) }
    }

    private static func describe(_ status: Int32) -> String {
        let signal = status & 0x7f
        if signal == 0 {
            let code = (status >> 8) & 0xff
            return code == 121
                ? "the judge could not confine your code's process"
                : "your code's process exited with status \(code) (does it call exit()?)"
        }
        let trap =
            signal == SIGILL || signal == SIGTRAP
            ? " (a Swift runtime trap: a force-unwrapped nil, an index out of range, fatalError, a failed precondition…)"
            : ""
        return "your code's process crashed with signal \(signal)\(trap)"
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

/// Calls `body` with a NULL-terminated C array of the strings.
private func withCStrings<R>(
    _ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R
) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for pointer in pointers { free(pointer) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}

/// The judge's program: `--list` prints every check; `--check N --seed S --answer PATH`
/// starts the answer confined in an empty directory, runs check N against it and prints one
/// verdict on standard output, which only this process holds.
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
    var options: [String: String] = [:]
    var index = 1
    while index + 1 < arguments.count {
        options[arguments[index]] = arguments[index + 1]
        index += 2
    }
    guard let number = options["--check"].flatMap(Int.init), checks.indices.contains(number),
        let seed = options["--seed"].flatMap(UInt64.init), let executable = options["--answer"]
    else {
        Wire.write(Array("usage: judge --list | --check N --seed S --answer PATH\n".utf8), to: 2)
        exit(64)
    }
    var template = Array("/tmp/lesson-answer-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else {
        Wire.write(Wire.line(["fail", "the judge could not make a directory for the answer"]), to: 1)
        exit(70)
    }
    let directory = String(cString: made)
    if getuid() == 0 { chown(directory, 65534, 65534) }
    let verdict: [String]
    var answer: AnswerProcess? = nil
    do {
        let process = try AnswerProcess(executable: executable, directory: directory)
        answer = process
        try await checks[number].body(Judging(answer: process, seed: seed &+ UInt64(number) &* 0x2545_F491_4F6C_DD1D))
        verdict = ["pass"]
    } catch let failure as CheckFailure {
        verdict = ["fail", failure.description]
    } catch {
        verdict = ["fail", "the check stopped on an error it did not expect: \(error)"]
    }
    answer?.stop()
    removeDirectory(directory)
    Wire.write(Wire.line(verdict), to: 1)
    exit(0)
}

/// Removes the answer's directory and what the answer left in it.
private func removeDirectory(_ path: String) {
    if let handle = opendir(path) {
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name != ".", name != ".." else { continue }
            let child = "\(path)/\(name)"
            if unlink(child) != 0 { removeDirectory(child) }
        }
        closedir(handle)
    }
    rmdir(path)
}
