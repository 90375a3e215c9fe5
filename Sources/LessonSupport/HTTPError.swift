import Glibc

/// Why an HTTP server or client operation failed.
public enum HTTPError: Error, Equatable, CustomStringConvertible {
    /// The URL is not `http://host[:port][/path]`.
    case invalidURL(String)
    /// The host name could not be resolved to an IPv4 address.
    case unknownHost(String)
    /// A system call failed with `errno`.
    case system(call: String, errno: Int32)
    /// The operation did not finish before its deadline.
    case timedOut
    /// The peer closed the connection before a whole response arrived.
    case connectionClosed
    /// The response could not be parsed.
    case malformedResponse(String)
    /// The server was already started.
    case alreadyStarted

    /// A one-line explanation, e.g. `connect: Connection refused`.
    public var description: String {
        switch self {
        case .invalidURL(let url): "invalid URL '\(url)' (expected http://host[:port]/path)"
        case .unknownHost(let host): "unknown host '\(host)'"
        case .system(let call, let code): "\(call): \(String(cString: strerror(code)))"
        case .timedOut: "timed out"
        case .connectionClosed: "connection closed before the response was complete"
        case .malformedResponse(let why): "malformed response: \(why)"
        case .alreadyStarted: "server already started"
        }
    }
}
