import Glibc

/// An async HTTP/1.1 client: while it waits for the network, the calling task is suspended
/// and its thread (or event loop) is free to run other work.
///
/// It sends `GET` with `Connection: close`, and waits on sockets through one shared
/// background poller. Only `http://` URLs; IPv4 only.
public enum HTTPClient {
    /// Fetches `url` and returns the status code and body (as UTF-8 text).
    ///
    /// A non-2xx status is a result, not an error. Throws `HTTPError` when the URL is
    /// invalid, the connection fails, the response is malformed, or `timeout` passes.
    public static func get(_ url: String, timeout: Duration = .seconds(30)) async throws
        -> (status: Int, body: String)
    {
        let target = try HTTPURL(url)
        let deadline = ContinuousClock.now + timeout
        let address = Socket.address(try Socket.ipv4Address(target.host), port: target.port)
        let fd = try Socket.tcp(nonBlocking: true)
        defer { close(fd) }
        let code = Socket.connect(fd, to: address)
        if code == EINPROGRESS {
            try await wait(fd, Int16(POLLOUT), deadline)
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
            case .wouldBlock: try await wait(fd, Int16(POLLOUT), deadline)
            case .closed: throw HTTPError.connectionClosed
            case .failed(let error): throw HTTPError.system(call: "send", errno: error)
            }
        }
        var received: [UInt8] = []
        while true {
            let transfer = Socket.receive(fd, into: &received)
            switch transfer {
            case .wouldBlock:
                try await wait(fd, Int16(POLLIN), deadline)
                continue
            case .failed(let error): throw HTTPError.system(call: "recv", errno: error)
            case .bytes, .closed: break
            }
            if let result = try BlockingHTTPClient.result(received, atEOF: transfer == .closed) {
                return result
            }
        }
    }

    private static func wait(_ fd: Int32, _ events: Int16, _ deadline: ContinuousClock.Instant)
        async throws
    {
        guard await Reactor.shared.wait(fd, for: events, until: deadline) else {
            throw HTTPError.timedOut
        }
    }
}
