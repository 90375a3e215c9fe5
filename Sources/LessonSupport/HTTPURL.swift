/// The parts of an `http://host[:port][/path][?query]` URL that the clients need.
public struct HTTPURL: Sendable, Equatable {
    /// The host name or IPv4 address.
    public var host: String
    /// The port (80 when the URL names none).
    public var port: Int
    /// The request target: path and query, at least `/`.
    public var target: String

    /// Creates a URL from its parts.
    public init(host: String, port: Int = 80, target: String = "/") {
        self.host = host
        self.port = port
        self.target = target
    }

    /// Parses `text`; throws `HTTPError.invalidURL` for anything but a plain `http://` URL.
    public init(_ text: String) throws(HTTPError) {
        guard text.hasPrefix("http://") else { throw .invalidURL(text) }
        let rest = text.dropFirst("http://".count)
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var target = String(rest[authorityEnd...])
        if target.isEmpty || target.hasPrefix("?") { target = "/" + target }
        var host = Substring(authority)
        var port = 80
        if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            guard let number = Int(authority[authority.index(after: colon)...]),
                (1...65535).contains(number)
            else { throw .invalidURL(text) }
            port = number
        }
        guard !host.isEmpty, !host.contains("@"), !target.contains(" ") else {
            throw .invalidURL(text)
        }
        self.host = String(host)
        self.port = port
        self.target = target
    }

    /// The bytes of a `GET` request for this URL that asks the server to close afterwards.
    func getRequest() -> [UInt8] {
        let hostField = port == 80 ? host : "\(host):\(port)"
        let text =
            "GET \(target) HTTP/1.1\r\nHost: \(hostField)\r\nUser-Agent: lesson\r\n"
            + "Accept: */*\r\nConnection: close\r\n\r\n"
        return Array(text.utf8)
    }
}
