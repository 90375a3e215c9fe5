import Dispatch
import Glibc
import Synchronization

/// The server's socket thread: accepts connections, reads and parses requests, writes
/// responses, and enforces timeouts, all with non-blocking sockets and `poll`.
///
/// It never runs handler code, so a blocked event loop cannot stop it from accepting and
/// reading; it just cannot get answers until the loop runs the handlers again.
final class ServerIOThread: @unchecked Sendable {
    /// Hands a parsed request to the server, which answers it through the stream, from any
    /// thread: one whole response, or a streamed one.
    typealias Dispatcher = @Sendable (HTTPRequest, HTTPStream) -> Void

    /// Tunables of the socket thread.
    struct Settings: Sendable {
        /// How long a client may take to send a whole request (and the idle keep-alive limit).
        var readTimeout: Duration
        /// The most connections open at once. When every one is taken, a new connection takes
        /// the place of the one that has waited longest for a request (see `acceptAll`).
        var maxConnections: Int
        /// Head and body size limits.
        var limits: HTTPRequestParser.Limits
    }

    /// Replies from handlers waiting to be written, and the stop flag; shared across threads.
    private struct Inbox {
        var replies: [(UInt64, HTTPStream.Part)] = []
        var stopping = false
        var closed = false
    }

    private let listenFD: Int32
    private let wake: (read: Int32, write: Int32)
    private let settings: Settings
    private let dispatch: Dispatcher
    private let rejected: @Sendable (HTTPResponse, String) -> Void
    private let inbox = Mutex(Inbox())
    private let finished = DispatchSemaphore(value: 0)
    // Touched only on the I/O thread.
    private var connections: [UInt64: ServerConnection] = [:]
    private var nextID: UInt64 = 0
    private var acceptPausedUntil: ContinuousClock.Instant?

    /// Creates the thread's state around an already listening socket; `start` runs it.
    init(
        listenFD: Int32, settings: Settings, dispatch: @escaping Dispatcher,
        rejected: @escaping @Sendable (HTTPResponse, String) -> Void
    ) throws(HTTPError) {
        self.listenFD = listenFD
        self.settings = settings
        self.dispatch = dispatch
        self.rejected = rejected
        wake = try Socket.wakePipe()
    }

    /// Starts the socket thread.
    func start() {
        Condition.startThread(name: "http-io") { [self] in run() }
    }

    /// Stops the thread and waits until it has closed every socket, the listener included.
    func stop() {
        let running = inbox.withLock { inbox in
            guard !inbox.closed, !inbox.stopping else { return false }
            inbox.stopping = true
            Socket.wake(wake.write)
            return true
        }
        if running { finished.wait() }
    }

    /// The number of open connections, as of the I/O thread's last turn.
    var openConnections: Int {
        inbox.withLock { _ in connectionCount }
    }
    // Guarded by `inbox`'s lock.
    private var connectionCount = 0

    /// Queues a handler's response (or part of one) for connection `id` and wakes the thread.
    private func post(_ id: UInt64, _ response: HTTPStream.Part) {
        inbox.withLock { inbox in
            guard !inbox.closed else { return }
            inbox.replies.append((id, response))
            Socket.wake(wake.write)
        }
    }

    private func run() {
        defer { finished.signal() }
        while true {
            let (stopping, replies) = inbox.withLock { inbox in
                let replies = inbox.replies
                inbox.replies = []
                return (inbox.stopping, replies)
            }
            if stopping {
                shutdown()
                return
            }
            for (id, response) in replies { deliver(response, to: id) }
            // Counted before waiting too: a reply may have closed its connection, and the
            // wait can last until the next event.
            inbox.withLock { _ in connectionCount = connections.count }
            pollOnce()
            expire(now: .now)
            inbox.withLock { _ in connectionCount = connections.count }
        }
    }

    /// Waits for socket events (or the nearest deadline) and handles them.
    private func pollOnce() {
        let now = ContinuousClock.now
        if let paused = acceptPausedUntil, paused <= now { acceptPausedUntil = nil }
        let accepting =
            acceptPausedUntil == nil && (connections.count < settings.maxConnections || longestWaiting() != nil)
        var fds = [pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
        if accepting { fds.append(pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0)) }
        let open = Array(connections.values)
        for connection in open {
            fds.append(pollfd(fd: connection.fd, events: connection.pollEvents, revents: 0))
        }
        let ready = poll(&fds, nfds_t(fds.count), timeout(now: now))
        guard ready > 0 else { return }
        if fds[0].revents != 0 { Socket.drain(wake.read) }
        let first = accepting ? 2 : 1
        for (offset, connection) in open.enumerated()
        where fds[first + offset].revents != 0 && connections[connection.id] != nil {
            service(connection, events: fds[first + offset].revents)
        }
        // After the reads: a connection whose request has arrived is never the one to give way.
        if accepting, fds[1].revents != 0 { acceptAll() }
    }

    /// Milliseconds until the nearest deadline (-1 when nothing is waiting on time).
    private func timeout(now: ContinuousClock.Instant) -> Int32 {
        var nearest = acceptPausedUntil
        for connection in connections.values
        where connection.state != .handling && connection.state != .streaming {
            nearest = min(nearest ?? connection.deadline, connection.deadline)
        }
        guard let nearest else { return -1 }
        let milliseconds = Stopwatch.seconds(nearest - now) * 1000
        return Int32(max(0, min(milliseconds.rounded(.up), 60_000)))
    }

    /// The connection that has waited longest for a request (an idle keep-alive connection, a
    /// request not yet complete, or an answered error draining): the one that gives way when
    /// every slot is taken. A connection whose request is being handled or streamed never is.
    private func longestWaiting() -> ServerConnection? {
        connections.values.filter { $0.state == .reading || $0.state == .lingering }.min { $0.id < $1.id }
    }

    /// Accepts what the backlog holds while slots are free. When every slot is taken, accepts
    /// one connection per turn, closing the one that has waited longest for a request; so
    /// clients that open connections and send nothing cannot keep out one that sends its
    /// request: its request is read on the next turn, before it could be the longest waiting.
    private func acceptAll() {
        var full = connections.count >= settings.maxConnections
        while !full || longestWaiting() != nil {
            var address = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let fd = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { accept(listenFD, $0, &length) }
            }
            if fd < 0 {
                let code = errno
                if code == EMFILE || code == ENFILE || code == ENOBUFS || code == ENOMEM {
                    acceptPausedUntil = .now + .milliseconds(100)
                }
                return
            }
            Socket.prepareAccepted(fd)
            if full, let waiting = longestWaiting() { close(waiting) }
            nextID += 1
            let connection = ServerConnection(
                id: nextID, fd: fd, deadline: .now + settings.readTimeout)
            connection.peer = Socket.describe(address)
            connections[nextID] = connection
            if full { return }
            full = connections.count >= settings.maxConnections
        }
    }

    private func service(_ connection: ServerConnection, events: Int16) {
        if events & Int16(POLLNVAL | POLLERR) != 0 {
            close(connection)
            return
        }
        switch connection.state {
        case .reading:
            if readAvailable(connection) { advance(connection) }
        case .lingering:
            var discard: [UInt8] = []
            while case .bytes = Socket.receive(connection.fd, into: &discard) {
                discard.removeAll()
            }
            close(connection)
        case .writing:
            flush(connection)
        case .handling:
            // Nothing is read while a handler runs; a hang-up means nobody waits for the answer.
            if events & Int16(POLLHUP) != 0 { close(connection) }
        case .streaming:
            if events & Int16(POLLHUP) != 0 {
                close(connection)
                return
            }
            if events & Int16(POLLIN) != 0 {
                // The client sends nothing more while it reads a stream; end of input means
                // it went away.
                var discard: [UInt8] = []
                loop: while true {
                    switch Socket.receive(connection.fd, into: &discard) {
                    case .bytes: discard.removeAll()
                    case .wouldBlock: break loop
                    case .closed, .failed:
                        close(connection)
                        return
                    }
                }
            }
            if events & Int16(POLLOUT) != 0 { flush(connection) }
        }
    }

    /// Reads what the socket has; returns false if the connection was closed.
    private func readAvailable(_ connection: ServerConnection) -> Bool {
        let cap = settings.limits.maxHead + settings.limits.maxBody + 16 * 1024
        while connection.input.count < cap {
            switch Socket.receive(connection.fd, into: &connection.input) {
            case .bytes: continue
            case .wouldBlock: return true
            case .closed:
                connection.peerClosed = true
                return true
            case .failed:
                close(connection)
                return false
            }
        }
        return true
    }

    /// Parses buffered input and either dispatches a request, rejects it, or keeps waiting.
    private func advance(_ connection: ServerConnection) {
        switch HTTPRequestParser.parse(connection.input, limits: settings.limits) {
        case .incomplete:
            if connection.peerClosed { close(connection) }
        case .rejected(let status, let reason):
            let response = HTTPResponse.text("\(reason)\n", status: status)
            rejected(response, reason)
            respond(connection, with: response, keepAlive: false)
        case .complete(var request, let consumed):
            connection.input.removeFirst(consumed)
            request.id = ServerIOThread.requestID()
            request.remoteAddress = connection.peer
            connection.state = .handling
            connection.keepAlive = request.keepAlive && !connection.peerClosed
            let id = connection.id
            let stream = HTTPStream { [self] part in post(id, part) }
            connection.stream = stream
            dispatch(request, stream)
        }
    }

    private func deliver(_ part: HTTPStream.Part, to id: UInt64) {
        guard let connection = connections[id] else { return }
        switch (part, connection.state) {
        case (.whole(let response), .handling):
            connection.stream = nil
            respond(connection, with: response, keepAlive: connection.keepAlive)
        case (.head(let head), .handling):
            connection.output = head.streamingHead()
            connection.written = 0
            connection.keepAlive = false
            connection.state = .streaming
            flush(connection)
        case (.body(let bytes), .streaming):
            connection.output += bytes
            flush(connection)
        case (.end, .streaming):
            connection.streamEnded = true
            flush(connection)
        default:
            break
        }
    }

    private func respond(
        _ connection: ServerConnection, with response: HTTPResponse, keepAlive: Bool
    ) {
        connection.output = response.serialized(keepAlive: keepAlive)
        connection.written = 0
        connection.keepAlive = keepAlive
        connection.state = .writing
        connection.deadline = .now + settings.readTimeout
        flush(connection)
    }

    /// Sends as much of the response as the socket takes; then closes, lingers or reads on.
    private func flush(_ connection: ServerConnection) {
        while connection.written < connection.output.count {
            switch Socket.send(connection.fd, connection.output, from: connection.written) {
            case .bytes(let count): connection.written += count
            case .wouldBlock: return
            case .closed, .failed:
                close(connection)
                return
            }
        }
        connection.output = []
        connection.written = 0
        if connection.state == .streaming {
            guard connection.streamEnded else { return }
            connection.stream?.markClosed()
            connection.stream = nil
        }
        if connection.keepAlive {
            connection.state = .reading
            connection.deadline = .now + settings.readTimeout
            if !connection.input.isEmpty || connection.peerClosed { advance(connection) }
        } else if connection.peerClosed {
            close(connection)
        } else {
            // Shut our side and drain theirs briefly, so the client reads the response
            // instead of a reset caused by unread input.
            Glibc.shutdown(connection.fd, Int32(SHUT_WR))
            connection.state = .lingering
            connection.deadline = .now + .seconds(1)
        }
    }

    /// Closes connections whose deadline passed; a half-sent request gets a 408 first.
    private func expire(now: ContinuousClock.Instant) {
        for connection in connections.values
        where connection.state != .handling && connection.state != .streaming && connection.deadline <= now {
            if connection.state == .reading, !connection.input.isEmpty {
                let response = HTTPResponse.text("request not received in time\n", status: 408)
                rejected(response, "read timeout")
                respond(connection, with: response, keepAlive: false)
            } else {
                close(connection)
            }
        }
    }

    private func close(_ connection: ServerConnection) {
        guard connections.removeValue(forKey: connection.id) != nil else { return }
        Glibc.close(connection.fd)
        connection.stream?.markClosed()
        connection.stream = nil
    }

    private func shutdown() {
        let streams = connections.values.compactMap(\.stream)
        for connection in connections.values { Glibc.close(connection.fd) }
        connections.removeAll()
        for stream in streams { stream.markClosed() }
        Glibc.close(listenFD)
        inbox.withLock { inbox in
            inbox.closed = true
            inbox.replies = []
            connectionCount = 0
            Glibc.close(wake.read)
            Glibc.close(wake.write)
        }
    }

    /// A fresh 8-hex-digit request id.
    static func requestID() -> String {
        let value = UInt32.random(in: 0...UInt32.max)
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
