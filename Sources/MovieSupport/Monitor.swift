#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A POSIX mutex with one condition variable, for the library's own threads.
///
/// Call `wait` and `broadcast` only inside `withLock`.
final class Monitor: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    /// Creates an unlocked mutex and its condition.
    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Runs `body` while holding the lock.
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Releases the lock until woken, then retakes it. Wake-ups can be spurious.
    func wait() {
        pthread_cond_wait(condition, mutex)
    }

    /// Wakes every waiting thread.
    func broadcast() {
        pthread_cond_broadcast(condition)
    }
}

/// Threads the library starts itself (not the cooperative pool, not the server's loop).
public enum OwnThread {
    /// Starts a detached thread named `name` that runs `body`.
    ///
    /// Task-local values do not reach it: a thread is not a task. Use
    /// `RequestContext.carrying` to take them along.
    public static func start(name: String, _ body: @escaping @Sendable () -> Void) {
        final class Start {
            let body: @Sendable () -> Void
            init(body: @escaping @Sendable () -> Void) { self.body = body }
        }
        let start = Unmanaged.passRetained(Start(body: body)).toOpaque()
        #if canImport(Glibc)
            var thread = pthread_t()
        #else
            var thread: pthread_t?
        #endif
        let result = pthread_create(
            &thread, nil,
            { argument in
                let start = Unmanaged<Start>.fromOpaque(argument!).takeRetainedValue()
                start.body()
                return nil
            }, start)
        precondition(result == 0, "cannot start thread \(name): error \(result)")
        #if canImport(Glibc)
            pthread_detach(thread)
        #else
            if let thread { pthread_detach(thread) }
        #endif
    }

    /// Runs the blocking `body` on a new thread of its own and suspends until it returns.
    ///
    /// The caller's task-local request context goes along (see `RequestContext.carrying`).
    public static func run<T: Sendable>(
        name: String = "offload", _ body: @escaping @Sendable () throws -> T
    ) async throws -> T {
        let carried = RequestContext.carrying(body)
        return try await withCheckedThrowingContinuation { continuation in
            start(name: name) { continuation.resume(with: Result { try carried() }) }
        }
    }
}
