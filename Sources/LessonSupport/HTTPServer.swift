import Synchronization

/// A small HTTP/1.1 server for demonstrations: one event loop runs the handlers, one socket
/// thread does the I/O.
///
/// ```swift
/// let server = HTTPServer(routes: [
///     .async("/hello") { request, _ in .text("hello\n") },
/// ])
/// let port = try await server.start()   // port 0: the system picks a free one
/// ```
///
/// Handlers of kind `blockingAsync` and `async` run on `loop`, a single thread shared by
/// every request, so a blocking call in one of them holds up every other request, `/health`
/// included. `threadPool` handlers run on `pool`. Sockets are serviced by a separate thread
/// with non-blocking I/O, so only handler code can block the loop. The server binds
/// 127.0.0.1 unless told otherwise; it supports keep-alive, answers 400 to a malformed
/// request, 431 to a head over 16 KiB, 408 to a request not received within `readTimeout`,
/// and 404/405 to unknown paths/methods. A client that disconnects early is simply dropped.
public final class HTTPServer: Sendable {
    /// The event loop that runs `blockingAsync` and `async` handlers.
    public let loop: EventLoop
    /// The thread pool that runs `threadPool` handlers.
    public let pool: ThreadPool
    /// The address the server binds, `127.0.0.1` by default.
    public let host: String
    private let routes: [String: [HTTPRoute]]
    private let fallback: HTTPRoute.Handler?
    private let settings: ServerIOThread.Settings
    private let log: (@Sendable (String) -> Void)?
    private let state = Mutex<(io: ServerIOThread?, port: Int?, started: Bool)>((nil, nil, false))

    /// Creates a server; nothing listens until `start`.
    ///
    /// - Parameters:
    ///   - routes: what the server answers; the first route matching path and method wins.
    ///   - host: the IPv4 address to bind (`127.0.0.1` keeps the server private).
    ///   - readTimeout: how long a client may take to send a request, and the keep-alive idle
    ///     limit.
    ///   - maxConnections: the most connections open at once. When all are open, a new
    ///     connection takes the place of the one that has waited longest for a request;
    ///     connections whose requests are being answered are never closed for it.
    ///   - threadPoolWidth: threads for `threadPool` handlers (whatever the core count).
    ///   - maxBody: the largest request body accepted; a larger `Content-Length` gets 413.
    ///   - fallback: answers every request whose path no route names (instead of 404).
    ///   - log: called with one line per request:
    ///     `HH:MM:SS req=ID METHOD PATH STATUS 1.00s`.
    public init(
        routes: [HTTPRoute], host: String = "127.0.0.1", readTimeout: Duration = .seconds(10),
        maxConnections: Int = 1024, threadPoolWidth: Int = 16, maxBody: Int = 64 * 1024,
        fallback: HTTPRoute.Handler? = nil,
        log: (@Sendable (String) -> Void)? = nil
    ) {
        self.routes = Dictionary(grouping: routes, by: \.path)
        self.fallback = fallback
        self.host = host
        self.log = log
        loop = EventLoop(name: "event-loop")
        pool = ThreadPool(width: threadPoolWidth, name: "handler-pool")
        settings = ServerIOThread.Settings(
            readTimeout: readTimeout, maxConnections: max(1, maxConnections),
            limits: HTTPRequestParser.Limits(maxBody: max(0, maxBody)))
    }

    /// Binds and starts serving; returns the bound port (useful with `port: 0`).
    ///
    /// Throws `HTTPError.system` if the address cannot be bound, and
    /// `HTTPError.alreadyStarted` if called twice.
    @discardableResult
    public func start(port: Int = 0) async throws -> Int {
        try state.withLock { state in
            if state.started { throw HTTPError.alreadyStarted }
            state.started = true
        }
        let (fd, bound) = try Socket.listen(host: host, port: port, backlog: 1024)
        let io = try ServerIOThread(
            listenFD: fd, settings: settings,
            dispatch: { [self] request, stream in dispatch(request, stream: stream) },
            rejected: { [log] response, reason in
                log?(
                    "\(TimeOfDay.now()) req=- - - \(response.status) 0.00s (\(reason))")
            })
        state.withLock { $0 = (io, bound, true) }
        io.start()
        return bound
    }

    /// The bound port while the server runs, or nil.
    public var port: Int? {
        state.withLock { $0.port }
    }

    /// The number of client connections open right now.
    public var openConnections: Int {
        state.withLock { $0.io }?.openConnections ?? 0
    }

    /// Stops accepting, closes every connection and the listening socket, and returns once
    /// they are closed. Handlers still running finish, but their responses are dropped.
    /// Calling it again, or before `start`, does nothing.
    public func stop() {
        let io = state.withLock { state in
            let io = state.io
            state.io = nil
            state.port = nil
            return io
        }
        io?.stop()
    }

    /// The routes whose path ends in `/*` and whose prefix `path` starts with, longest first.
    private func prefixRoutes(for path: String) -> [HTTPRoute]? {
        let matches = routes.filter { key, _ in
            key.hasSuffix("/*") && path.hasPrefix(key.dropLast()) && path.count > key.count - 1
        }
        return matches.max { $0.key.count < $1.key.count }?.value
    }

    /// Runs the route for `request` as its kind says, then logs and replies.
    private func dispatch(_ request: HTTPRequest, stream: HTTPStream) {
        let stopwatch = Stopwatch()
        let logged = HTTPStream(
            post: { [weak stream] part in
                guard let stream else { return }
                switch part {
                case .whole(let response): stream.respond(response)
                case .head(let head): stream.begin(head)
                case .body(let bytes): stream.send(bytes)
                case .end: stream.finish()
                }
            },
            started: { [log] status in
                log?(
                    "\(TimeOfDay.now()) req=\(request.id) \(request.method) \(request.path) "
                        + "\(status) \(stopwatch.elapsedText)")
            })
        stream.onClose { logged.markClosed() }
        let finish: @Sendable (HTTPResponse) -> Void = { response in logged.respond(response) }
        guard let candidates = routes[request.path] ?? prefixRoutes(for: request.path) else {
            if let fallback {
                run(fallback, request, logged, finish)
            } else {
                finish(.text("not found\n", status: 404))
            }
            return
        }
        guard let route = candidates.first(where: { $0.method == request.method }) else {
            var response = HTTPResponse.text("method not allowed\n", status: 405)
            let allowed = candidates.map(\.method).joined(separator: ", ")
            response.headers.append(HTTPHeader("Allow", allowed))
            finish(response)
            return
        }
        run(route.handler, request, logged, finish)
    }

    private func run(
        _ handler: HTTPRoute.Handler, _ request: HTTPRequest, _ stream: HTTPStream,
        _ finish: @escaping @Sendable (HTTPResponse) -> Void
    ) {
        switch handler {
        case .streaming(let body):
            pool.submit { body(request, stream) }
        case .blockingAsync(let body):
            Task { [loop] in finish(await loop.runSynchronously { body(request) }) }
        case .async(let body):
            Task { [loop] in finish(await loop.run { await body(request, $0) }) }
        case .threadPool(let body):
            pool.submit { finish(body(request)) }
        }
    }
}
