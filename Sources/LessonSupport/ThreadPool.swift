/// A pool of up to `width` threads for blocking work, like the thread pool an async web
/// framework uses for its synchronous handlers.
///
/// Work runs in submission order as threads become free. Threads start on demand (so an idle
/// pool costs nothing) and end after a few idle seconds. The pool is as wide as you ask,
/// whatever the number of CPU cores, which keeps timings the same on every machine.
public final class ThreadPool: @unchecked Sendable {
    /// A shared pool, 16 threads wide, for offloading blocking calls from async code.
    public static let shared = ThreadPool(width: 16, name: "blocking-pool")

    /// The most threads this pool runs at once.
    public let width: Int
    /// The pool's name, used in diagnostics.
    public let name: String
    private let idleExit: Double
    // Guards every variable below.
    private let condition = Condition()
    private var work: [@Sendable () -> Void] = []
    private var head = 0
    private var threads = 0
    private var idle = 0

    /// Creates a pool of at most `width` threads (at least 1).
    public init(width: Int, name: String = "thread-pool", idleExit: Double = 5) {
        self.width = max(1, width)
        self.name = name
        self.idleExit = idleExit
    }

    /// Queues `body` to run on one of the pool's threads and returns at once.
    public func submit(_ body: @escaping @Sendable () -> Void) {
        let spawn = condition.withLock {
            work.append(body)
            // Wake an idle thread for each waiting job; start a thread when none is left idle.
            let spawn = work.count - head > idle && threads < width
            if spawn { threads += 1 } else { condition.signal() }
            return spawn
        }
        if spawn {
            Condition.startThread(name: name) { [self] in runWork() }
        }
    }

    /// Runs the blocking `body` on a pool thread and suspends (without blocking) until it ends.
    public func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            submit { continuation.resume(returning: body()) }
        }
    }

    /// Like `run`, for a body that throws: its error is rethrown to the caller.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            submit { continuation.resume(with: Result { try body() }) }
        }
    }

    /// The number of threads the pool has right now, busy or idle.
    public var threadCount: Int {
        condition.withLock { threads }
    }

    private func runWork() {
        while let body = nextWork() {
            body()
        }
    }

    /// Takes the next piece of work, waiting up to `idleExit`; nil means the thread should end.
    private func nextWork() -> (@Sendable () -> Void)? {
        condition.withLock {
            while head == work.count {
                idle += 1
                let signalled = condition.wait(seconds: idleExit)
                idle -= 1
                if !signalled, head == work.count {
                    threads -= 1
                    return nil
                }
            }
            let body = work[head]
            head += 1
            if head == work.count {
                work.removeAll(keepingCapacity: true)
                head = 0
            }
            return body
        }
    }
}
