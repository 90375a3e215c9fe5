import Glibc

/// The state of one accepted connection; owned and touched only by the server's I/O thread.
final class ServerConnection {
    /// Where a connection is in its request/response cycle.
    enum State: Equatable {
        /// Waiting for (the rest of) a request.
        case reading
        /// A handler is working on a request; nothing is read meanwhile.
        case handling
        /// Sending a response.
        case writing
        /// An error response was sent and the write side shut; discarding input until EOF.
        case lingering
        /// Sending a streamed response as its handler produces it; the body ends when the
        /// connection closes.
        case streaming
    }

    /// The server's number for this connection, used to route replies back to it.
    let id: UInt64
    /// The socket.
    let fd: Int32
    /// Bytes received and not yet consumed by the parser.
    var input: [UInt8] = []
    /// The response being sent.
    var output: [UInt8] = []
    /// How many bytes of `output` have been sent.
    var written = 0
    /// The current state.
    var state: State = .reading
    /// When the current state gives up (read timeout, write timeout, linger end).
    var deadline: ContinuousClock.Instant
    /// Whether the connection stays open after the current response.
    var keepAlive = true
    /// Whether the peer has closed its sending side.
    var peerClosed = false
    /// How the handler answers the current request; told when the connection closes.
    var stream: HTTPStream?
    /// Whether the handler has ended its streamed response.
    var streamEnded = false
    /// The client's address and port, e.g. `127.0.0.1:52814`.
    var peer = ""

    /// Creates the state of a newly accepted connection.
    init(id: UInt64, fd: Int32, deadline: ContinuousClock.Instant) {
        self.id = id
        self.fd = fd
        self.deadline = deadline
    }

    /// The poll events this connection waits for in its current state.
    var pollEvents: Int16 {
        switch state {
        case .reading, .lingering: Int16(POLLIN)
        case .writing: Int16(POLLOUT)
        case .handling: 0
        case .streaming: Int16(POLLIN) | (output.isEmpty ? 0 : Int16(POLLOUT))
        }
    }
}
