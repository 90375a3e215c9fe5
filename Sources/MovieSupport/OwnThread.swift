import LessonSupport

/// Threads the library starts itself (not the cooperative pool, not the server's loop).
public enum OwnThread {
    /// Starts a detached thread named `name` that runs `body`.
    ///
    /// Task-local values do not reach it: a thread is not a task. Use
    /// `RequestContext.carrying` to take them along.
    public static func start(name: String, _ body: @escaping @Sendable () -> Void) {
        Condition.startThread(name: name, body)
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
