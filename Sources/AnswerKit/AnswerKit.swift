import Synchronization

// A module of the package, type-checked by `swift build`; for a quiz's answer program its
// files are compiled, with the wire format, into one library (`QuizAnswerKit`), where there
// is nothing to import. Its public names are what a quiz's `Adapter.swift` may use.
#if canImport(QuizWire)
    import QuizPipe
    import QuizWire
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// What a call into the judge's world threw: the world's own error, by kind, with its
/// details (e.g. `PageMissing` and the URL).
public struct WorldError: Error, CustomStringConvertible {
    /// The error's name in the world, e.g. `PageMissing`.
    public let kind: String
    /// What the world said about it.
    public let details: [String]

    public init(kind: String, details: [String]) {
        self.kind = kind
        self.details = details
    }

    public var description: String { details.isEmpty ? kind : "\(kind)(\(details.joined(separator: ", ")))" }
}

/// The kind of thread the caller runs on: `main` for the main thread; `pool` for Swift's
/// cooperative thread pool (every task that no actor or executor of its own holds, and every
/// default actor, runs there; it has about one thread per core), also while a task runs a
/// dispatch queue of its own there (`DispatchQueue(label:).sync`), and for a dispatch worker
/// seen serving the pool before; `own` for anything else: a thread the answer started, a
/// dispatch queue's work item, an actor on an executor of its own thread. The answer's
/// process reports it: the judge cannot check it (docs/grading.md says so).
public enum CallingThread {
    private typealias GetLabel = @convention(c) (OpaquePointer?) -> UnsafePointer<CChar>?

    /// `dispatch_queue_get_label`, which the Swift overlay does not offer under that name.
    private static let getLabel: GetLabel? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "dispatch_queue_get_label")
        .map { unsafeBitCast($0, to: GetLabel.self) }

    /// Every thread seen serving Swift's pool: a thread stays a pool thread when it runs a
    /// queue of its own for a moment (`DispatchQueue(label:).sync` from a task changes the
    /// label, not the thread).
    private static let poolThreads = Mutex<Set<pthread_t>>([])
    /// The main thread, noted as the answer's program starts (`noteMain`).
    private static let mainThread = Mutex<pthread_t?>(nil)

    /// Notes the calling thread as the main thread (called first thing, from the program's
    /// top-level code).
    public static func noteMain() {
        let thread = pthread_self()
        mainThread.withLock { $0 = thread }
    }

    /// The label of the queue the calling thread serves (DISPATCH_CURRENT_QUEUE_LABEL is NULL).
    private static var label: String? { getLabel?(nil).map { String(cString: $0) } }

    /// Notes the calling thread as a pool thread when it serves Swift's pool now; the answer
    /// kit calls it from every task it runs and every call made from a task.
    public static func notePool() {
        guard label == "Swift global concurrent queue" else { return }
        let thread = pthread_self()
        poolThreads.withLock { _ = $0.insert(thread) }
    }

    /// `pool`, `main` or `own`, for the calling thread.
    public static var current: String {
        let thread = pthread_self()
        if mainThread.withLock({ $0 }) == thread { return "main" }
        switch label {
        case "Swift global concurrent queue"?: return "pool"
        case "com.apple.main-thread"?: return "main"
        // What a thread that serves no queue reports: the answer's own thread (with a
        // task running on it only when an executor of its own runs there).
        case "com.apple.root.default-qos.overcommit"?, nil:
            return poolThreads.withLock { $0.contains(thread) } ? "pool" : "own"
        default:
            // A queue of its own: a pool thread when a task runs it (`.sync` from a task),
            // or a dispatch worker that served the pool before.
            let inTask = withUnsafeCurrentTask { $0 != nil }
            return inTask || poolThreads.withLock { $0.contains(thread) } ? "pool" : "own"
        }
    }
}

/// The answer's end of the two pipes to the judge: requests arrive on descriptor 3, and
/// every call into the world, and every result, leaves on descriptor 4. The answer process
/// knows nothing else about the judge.
public final class JudgeLink: Sendable {
    /// The one link of this process.
    public static let shared = JudgeLink()

    private struct State {
        var next = 0
        var waiting: [Int: CheckedContinuation<[String], any Error>] = [:]
        var blocked: [Int: BlockedCall] = [:]
    }

    private let state = Mutex(State())
    private let output = Mutex(())

    private init() {}

    /// Calls `operation` in the judge's world and returns its reply. Throws `WorldError`
    /// when the world says so, and `CancellationError` when the calling task is cancelled
    /// (the judge hears of the cancellation at once).
    public func call(_ operation: String, _ arguments: [String] = []) async throws -> [String] {
        CallingThread.notePool()
        let id = state.withLock { state in
            state.next += 1
            return state.next
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                state.withLock { $0.waiting[id] = continuation }
                send(["call", String(id), operation] + arguments)
            }
        } onCancel: {
            send(["cancel", String(id)])
        }
    }

    /// Calls `operation` in the judge's world and blocks the calling thread until the reply
    /// arrives, the way a synchronous read of a file does. The reply is delivered by the
    /// link's own reader thread, so no task of the answer is needed to wake the caller.
    public func callBlocking(_ operation: String, _ arguments: [String] = []) throws -> [String] {
        let waiter = BlockedCall()
        let id = state.withLock { state in
            state.next += 1
            state.blocked[state.next] = waiter
            return state.next
        }
        send(["call", String(id), operation] + arguments)
        return try waiter.wait().get()
    }

    /// Sends one message to the judge.
    func send(_ fields: [String]) {
        let bytes = Wire.line(fields)
        output.withLock { _ in
            if !Wire.write(bytes, to: 4) { exit(0) }
        }
    }

    /// Serves the judge's requests with `handler` until the judge closes the pipe.
    public func serve(_ handler: @escaping @Sendable (String, [String]) async throws -> [String]) async -> Never {
        let reader = Reader { [self] fields in receive(fields, handler) }
        reader.start()
        await withUnsafeContinuation { (_: UnsafeContinuation<Void, Never>) in }
        exit(0)
    }

    private func receive(_ fields: [String], _ handler: @escaping @Sendable (String, [String]) async throws -> [String])
    {
        guard fields.count >= 2, let id = Int(fields[1]) else { return }
        switch fields[0] {
        case "req" where fields.count >= 3:
            let kind = fields[2]
            let arguments = Array(fields.dropFirst(3))
            Task {
                CallingThread.notePool()
                do {
                    let values = try await handler(kind, arguments)
                    send(["done", String(id), "ok"] + values)
                } catch let error as WorldError {
                    send(["done", String(id), "world", error.kind] + error.details)
                } catch is CancellationError {
                    send(["done", String(id), "cancelled"])
                } catch {
                    send(["done", String(id), "other", String(describing: type(of: error)), String(describing: error)])
                }
            }
        case "ret" where fields.count >= 3:
            if let waiter = state.withLock({ $0.blocked.removeValue(forKey: id) }) {
                waiter.resume(Self.reply(fields))
                return
            }
            guard let continuation = state.withLock({ $0.waiting.removeValue(forKey: id) }) else { return }
            switch fields[2] {
            case "ok": continuation.resume(returning: Array(fields.dropFirst(3)))
            case "cancelled": continuation.resume(throwing: CancellationError())
            default:
                continuation.resume(
                    throwing: WorldError(kind: fields.count > 3 ? fields[3] : "?", details: Array(fields.dropFirst(4))))
            }
        default:
            return
        }
    }
}

extension JudgeLink {
    /// What a `ret` message says: the values, or the error to throw.
    fileprivate static func reply(_ fields: [String]) -> Result<[String], any Error> {
        switch fields[2] {
        case "ok": .success(Array(fields.dropFirst(3)))
        case "cancelled": .failure(CancellationError())
        default: .failure(WorldError(kind: fields.count > 3 ? fields[3] : "?", details: Array(fields.dropFirst(4))))
        }
    }
}

/// One thread waiting for the judge's reply to a blocking call.
private final class BlockedCall: @unchecked Sendable {
    private let reply = Mutex<Result<[String], any Error>?>(nil)
    private let semaphore: UnsafeMutablePointer<sem_t>

    init() {
        semaphore = .allocate(capacity: 1)
        sem_init(semaphore, 0, 0)
    }

    deinit {
        sem_destroy(semaphore)
        semaphore.deallocate()
    }

    /// Hands the reply to the waiting thread.
    func resume(_ value: Result<[String], any Error>) {
        reply.withLock { $0 = value }
        sem_post(semaphore)
    }

    /// Blocks until the reply is here.
    func wait() -> Result<[String], any Error> {
        while sem_wait(semaphore) != 0 {}
        return reply.withLock { $0 } ?? .failure(CancellationError())
    }
}

/// A thread of its own that reads the judge's messages, so no task of the answer blocks.
private final class Reader: @unchecked Sendable {
    private let body: ([String]) -> Void

    init(_ body: @escaping ([String]) -> Void) {
        self.body = body
    }

    func start() {
        let unmanaged = Unmanaged.passRetained(self)
        var thread = pthread_t()
        let started = pthread_create(
            &thread, nil,
            { raw in
                let reader = Unmanaged<Reader>.fromOpaque(raw!).takeRetainedValue()
                Wire.readLines(from: 3) { reader.body($0) }
                exit(0)
            }, unmanaged.toOpaque())
        if started != 0 { exit(0) }
    }
}
