/// A path and method the server answers, and how its handler runs.
///
/// The three kinds mirror what an async web framework does with handlers:
/// - `blockingAsync`: synchronous code run *on the event loop*, which is what an async
///   handler that makes a blocking call amounts to. While it runs, no other request makes
///   progress, not even a health check.
/// - `async`: an async handler isolated to the event loop. Each `await` lets other requests
///   run; a blocking call inside it stalls the loop exactly like `blockingAsync`.
/// - `threadPool`: a synchronous handler run on the server's thread pool, the way a framework
///   runs plain (non-async) handlers. Blocking calls there only hold up that one thread.
public struct HTTPRoute: Sendable {
    /// How a route's handler runs; see `HTTPRoute`.
    public enum Handler: Sendable {
        /// Synchronous code run on the event loop (blocks every request while it runs).
        case blockingAsync(@Sendable (HTTPRequest) -> HTTPResponse)
        /// Async code isolated to the event loop (other requests run while it awaits).
        case async(@Sendable (HTTPRequest, isolated EventLoop) async -> HTTPResponse)
        /// Synchronous code run on a thread-pool thread, off the event loop.
        case threadPool(@Sendable (HTTPRequest) -> HTTPResponse)
        /// Code run on a thread-pool thread that answers through the stream, whole or in
        /// parts, now or later from any thread; it should return soon and leave long work
        /// to a task.
        case streaming(@Sendable (HTTPRequest, HTTPStream) -> Void)
    }

    /// The method this route answers, e.g. `GET`.
    public var method: String
    /// The exact path this route answers, e.g. `/health` (the query is ignored); a path
    /// ending in `/*`, e.g. `/titles/*`, answers every longer path under it when no exact
    /// path matches.
    public var path: String
    /// The handler and how it runs.
    public var handler: Handler

    /// Creates a route.
    public init(method: String = "GET", path: String, handler: Handler) {
        self.method = method
        self.path = path
        self.handler = handler
    }

    /// A route whose synchronous handler runs on the event loop and may block it.
    public static func blockingAsync(
        _ path: String, method: String = "GET",
        _ handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse
    ) -> HTTPRoute {
        HTTPRoute(method: method, path: path, handler: .blockingAsync(handler))
    }

    /// A route whose async handler runs on the event loop, suspending at each `await`.
    public static func async(
        _ path: String, method: String = "GET",
        _ handler: @escaping @Sendable (HTTPRequest, isolated EventLoop) async -> HTTPResponse
    ) -> HTTPRoute {
        HTTPRoute(method: method, path: path, handler: .async(handler))
    }

    /// A route whose synchronous handler runs on the server's thread pool.
    public static func threadPool(
        _ path: String, method: String = "GET",
        _ handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse
    ) -> HTTPRoute {
        HTTPRoute(method: method, path: path, handler: .threadPool(handler))
    }

    /// A route whose handler answers through an `HTTPStream` (a streamed body, or later).
    public static func streaming(
        _ path: String, method: String = "GET",
        _ handler: @escaping @Sendable (HTTPRequest, HTTPStream) -> Void
    ) -> HTTPRoute {
        HTTPRoute(method: method, path: path, handler: .streaming(handler))
    }
}
