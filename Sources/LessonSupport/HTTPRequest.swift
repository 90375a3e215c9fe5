/// An HTTP request as a handler sees it.
public struct HTTPRequest: Sendable, Equatable {
    /// A short random id (8 hex digits) the server gives each request, used in its log.
    public var id: String
    /// The method, e.g. `GET`.
    public var method: String
    /// The path part of the target, without the query, e.g. `/health`.
    public var path: String
    /// The query after `?`, if any, without the `?`.
    public var query: String?
    /// The protocol version, e.g. `HTTP/1.1`.
    public var version: String
    /// The header fields in the order received.
    public var headers: [HTTPHeader]
    /// The body bytes (empty for a request without `Content-Length`).
    public var body: [UInt8]
    /// The client's address and port, e.g. `127.0.0.1:52814` (empty when not known).
    public var remoteAddress: String = ""

    /// Creates a request; the server builds these from what it reads.
    public init(
        id: String = "", method: String, path: String, query: String? = nil,
        version: String = "HTTP/1.1", headers: [HTTPHeader] = [], body: [UInt8] = []
    ) {
        self.id = id
        self.method = method
        self.path = path
        self.query = query
        self.version = version
        self.headers = headers
        self.body = body
    }

    /// Whether the client wants the connection kept open after the response.
    public var keepAlive: Bool {
        let connection = headers.first(named: "Connection")?.lowercased() ?? ""
        if version == "HTTP/1.0" { return connection.contains("keep-alive") }
        return !connection.contains("close")
    }
}
