import Glibc

/// A mutex with a condition variable (POSIX threads), for the worker threads of this library
/// and of the libraries built on it (`MovieSupport`). Snippets rarely need it: a `Mutex` or
/// an actor says more.
///
/// Call `wait`, `signal` and `broadcast` only while holding the lock (`withLock`).
public final class Condition: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    /// Creates an unlocked mutex and a condition whose timeouts use the monotonic clock.
    public init() {
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Runs `body` while holding the lock.
    public func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Releases the lock, sleeps until signalled, and retakes the lock. Wake-ups can be
    /// spurious: re-check the awaited state.
    public func wait() {
        pthread_cond_wait(condition, mutex)
    }

    /// Releases the lock, sleeps until signalled or `seconds` pass, and retakes the lock.
    /// Returns false on timeout. Wake-ups can be spurious: re-check the awaited state.
    public func wait(seconds: Double) -> Bool {
        var deadline = timespec()
        clock_gettime(CLOCK_MONOTONIC, &deadline)
        let whole = Int(seconds)
        var nanoseconds = deadline.tv_nsec + Int((seconds - Double(whole)) * 1e9)
        deadline.tv_sec += whole + nanoseconds / 1_000_000_000
        nanoseconds %= 1_000_000_000
        deadline.tv_nsec = nanoseconds
        return pthread_cond_timedwait(condition, mutex, &deadline) == 0
    }

    /// Wakes one waiting thread.
    public func signal() {
        pthread_cond_signal(condition)
    }

    /// Wakes every waiting thread.
    public func broadcast() {
        pthread_cond_broadcast(condition)
    }

    /// Starts a detached thread that runs `body`; `name` says what it is for in a crash message.
    public static func startThread(name: String, _ body: @escaping @Sendable () -> Void) {
        final class Start {
            let body: @Sendable () -> Void
            init(body: @escaping @Sendable () -> Void) { self.body = body }
        }
        let start = Unmanaged.passRetained(Start(body: body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(
            &thread, nil,
            { argument in
                let start = Unmanaged<Start>.fromOpaque(argument!).takeRetainedValue()
                start.body()
                return nil
            }, start)
        precondition(result == 0, "cannot start thread \(name): error \(result)")
        pthread_detach(thread)
    }
}
