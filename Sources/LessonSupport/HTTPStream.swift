import Synchronization

/// The way back to one client for one request: answer it whole with `respond`, or stream the
/// body with `begin`, any number of `send`s and `finish`.
///
/// A streamed body has no `Content-Length`: the server sends `Connection: close` and the body
/// ends when the connection closes, which every HTTP/1.1 client understands (browsers' `fetch`
/// hands the bytes to the page as they arrive). Calls after the client went away, or after the
/// response ended, do nothing; `isClosed` and `onClose` tell a handler to stop its work.
public final class HTTPStream: Sendable {
    /// What a handler hands the socket thread.
    enum Part: Sendable {
        /// A whole response.
        case whole(HTTPResponse)
        /// The status line and header fields of a streamed response.
        case head(HTTPResponse)
        /// Body bytes of a streamed response.
        case body([UInt8])
        /// The end of a streamed response.
        case end
    }

    private struct State {
        var answered = false
        var ended = false
        var closed = false
        var closeHandlers: [@Sendable () -> Void] = []
    }

    private let post: @Sendable (Part) -> Void
    private let started: (@Sendable (Int) -> Void)?
    private let state = Mutex(State())

    /// Creates a stream whose parts go to `post`; `started` is told the status once.
    init(post: @escaping @Sendable (Part) -> Void, started: (@Sendable (Int) -> Void)? = nil) {
        self.post = post
        self.started = started
    }

    /// Sends a whole response (with `Content-Length`). Only the first answer counts.
    public func respond(_ response: HTTPResponse) {
        guard claim() else { return }
        started?(response.status)
        post(.whole(response))
    }

    /// Sends the status and header fields of a streamed response; the body follows with
    /// `send`. Returns false when the request was already answered or the client is gone.
    @discardableResult
    public func begin(_ head: HTTPResponse) -> Bool {
        guard claim() else { return false }
        started?(head.status)
        post(.head(head))
        return true
    }

    /// Sends body bytes of a streamed response right away. Returns false once the client has
    /// gone or the response has ended.
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        let open = state.withLock { $0.answered && !$0.ended && !$0.closed }
        if open { post(.body(bytes)) }
        return open
    }

    /// Sends `text` as UTF-8 body bytes; see `send(_:)`.
    @discardableResult
    public func send(_ text: String) -> Bool {
        send(Array(text.utf8))
    }

    /// Ends a streamed response: the server closes the connection once the bytes are out.
    public func finish() {
        let open = state.withLock { state in
            guard state.answered, !state.ended else { return false }
            state.ended = true
            return true
        }
        if open { post(.end) }
    }

    /// True once the client's connection is closed (it went away, or the response ended).
    public var isClosed: Bool {
        state.withLock { $0.closed }
    }

    /// Calls `handler` once when the connection closes; at once if it already has.
    public func onClose(_ handler: @escaping @Sendable () -> Void) {
        let closed = state.withLock { state in
            if !state.closed { state.closeHandlers.append(handler) }
            return state.closed
        }
        if closed { handler() }
    }

    /// Called by the socket thread when the connection is gone.
    func markClosed() {
        let handlers = state.withLock { state in
            guard !state.closed else { return [@Sendable () -> Void]() }
            state.closed = true
            let handlers = state.closeHandlers
            state.closeHandlers = []
            return handlers
        }
        for handler in handlers { handler() }
    }

    private func claim() -> Bool {
        state.withLock { state in
            guard !state.answered, !state.closed else { return false }
            state.answered = true
            return true
        }
    }
}
