import Glibc

/// A blocking HTTP/1.1 client: `get` holds the calling thread until the response arrives.
///
/// Called from an event loop, that thread is the loop itself, so nothing else on the loop
/// runs meanwhile: the mistake lesson 9 is about. Same protocol support as `HTTPClient`.
public enum BlockingHTTPClient {
    /// The largest response accepted (16 MiB).
    static let maxResponse = 16 * 1024 * 1024

    /// Fetches `url`, blocking the calling thread; returns the status code and body text.
    ///
    /// A non-2xx status is a result, not an error. Throws `HTTPError` when the URL is
    /// invalid, the connection fails, the response is malformed, or `timeout` passes.
    public static func get(_ url: String, timeout: Duration = .seconds(30)) throws
        -> (status: Int, body: String)
    {
        let target = try HTTPURL(url)
        let deadline = ContinuousClock.now + timeout
        let address = Socket.address(try Socket.ipv4Address(target.host), port: target.port)
        let fd = try Socket.tcp(nonBlocking: true)
        defer { close(fd) }
        let code = Socket.connect(fd, to: address)
        if code == EINPROGRESS {
            try wait(fd, Int16(POLLOUT), deadline)
            let pending = Socket.pendingError(fd)
            if pending != 0 { throw HTTPError.system(call: "connect", errno: pending) }
        } else if code != 0 {
            throw HTTPError.system(call: "connect", errno: code)
        }
        let request = target.getRequest()
        var sent = 0
        while sent < request.count {
            switch Socket.send(fd, request, from: sent) {
            case .bytes(let count): sent += count
            case .wouldBlock: try wait(fd, Int16(POLLOUT), deadline)
            case .closed: throw HTTPError.connectionClosed
            case .failed(let error): throw HTTPError.system(call: "send", errno: error)
            }
        }
        var received: [UInt8] = []
        while true {
            let transfer = Socket.receive(fd, into: &received)
            switch transfer {
            case .wouldBlock:
                try wait(fd, Int16(POLLIN), deadline)
                continue
            case .failed(let error): throw HTTPError.system(call: "recv", errno: error)
            case .bytes, .closed: break
            }
            if let result = try result(received, atEOF: transfer == .closed) { return result }
        }
    }

    /// The status and body once `received` holds a whole response; nil while incomplete.
    static func result(_ received: [UInt8], atEOF: Bool) throws -> (status: Int, body: String)? {
        guard received.count <= maxResponse else {
            throw HTTPError.malformedResponse("response over \(maxResponse) bytes")
        }
        switch HTTPResponseParser.parse(received, atEOF: atEOF) {
        case .incomplete: return nil
        case .complete(let status, _, let body):
            return (status, String(decoding: body, as: UTF8.self))
        case .malformed(let why):
            throw atEOF && received.isEmpty
                ? HTTPError.connectionClosed : HTTPError.malformedResponse(why)
        }
    }

    /// Blocks in `poll` until `fd` is ready or the deadline passes.
    private static func wait(_ fd: Int32, _ events: Int16, _ deadline: ContinuousClock.Instant)
        throws
    {
        let milliseconds = Stopwatch.seconds(deadline - .now) * 1000
        guard milliseconds > 0,
            Socket.wait(fd, events: events, milliseconds: Int32(min(milliseconds + 1, 600_000)))
        else { throw HTTPError.timedOut }
    }
}
