/// An actor whose code runs on one dedicated thread: a small event loop.
///
/// Code isolated to an `EventLoop` takes turns on its thread. An `await` lets other work run
/// in the meantime; a blocking call (`sleep`, a blocking socket read) stops all of it until
/// it returns. `HTTPServer` runs every loop handler here, which is what makes blocking code
/// in an async handler visible.
public actor EventLoop {
    /// The serial executor (and thread) this actor runs on.
    public nonisolated let executor: EventLoopExecutor

    /// Creates a loop (named `name` in diagnostics) with a thread of its own.
    public init(name: String = "event-loop") {
        executor = EventLoopExecutor(name: name)
    }

    /// The executor that runs this actor's code.
    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    /// Runs `body` on the loop and returns its result; `body` may await and may block.
    public func run<T: Sendable>(
        _ body: @Sendable (isolated EventLoop) async throws -> T
    ) async rethrows -> T {
        try await body(self)
    }

    /// Runs the synchronous `body` on the loop; while it runs, nothing else on the loop does.
    public func runSynchronously<T: Sendable>(_ body: @Sendable () throws -> T) rethrows -> T {
        try body()
    }
}
