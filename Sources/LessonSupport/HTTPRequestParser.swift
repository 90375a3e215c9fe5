/// Turns the bytes read from a connection into an `HTTPRequest`, or says why it cannot.
///
/// Pure: no sockets or clocks. Call it again with more bytes while it answers `.incomplete`.
public enum HTTPRequestParser {
    /// Size limits the parser enforces.
    public struct Limits: Sendable, Equatable {
        /// The most bytes the request line and header fields may take (431 beyond).
        public var maxHead: Int
        /// The largest `Content-Length` accepted (413 beyond).
        public var maxBody: Int

        /// Creates limits; the defaults are 16 KiB of head and 64 KiB of body.
        public init(maxHead: Int = 16 * 1024, maxBody: Int = 64 * 1024) {
            self.maxHead = maxHead
            self.maxBody = maxBody
        }
    }

    /// What the parser made of the bytes so far.
    public enum Outcome: Sendable, Equatable {
        /// More bytes are needed.
        case incomplete
        /// A whole request, which took the first `consumed` bytes of the buffer.
        case complete(HTTPRequest, consumed: Int)
        /// The request is unacceptable: answer with `status` and close the connection.
        case rejected(status: Int, reason: String)
    }

    /// Parses one request from the start of `buffer`.
    public static func parse(_ buffer: [UInt8], limits: Limits = Limits()) -> Outcome {
        let start = leadingBlankLines(buffer)
        guard let (headEnd, bodyStart) = headEnd(buffer, from: start, limit: limits.maxHead) else {
            if let lineEnd = buffer[start...].firstIndex(of: newline) {
                var line = buffer[start..<lineEnd]
                if line.last == carriageReturn { line = line.dropLast() }
                if case .failure(let rejection) = requestLine(text(line)) {
                    return .rejected(status: rejection.status, reason: rejection.reason)
                }
            }
            if buffer.count - start > limits.maxHead {
                return .rejected(status: 431, reason: "request head over \(limits.maxHead) bytes")
            }
            return .incomplete
        }
        let lines = buffer[start..<headEnd]
            .split(separator: newline, omittingEmptySubsequences: false)
            .map { text($0.last == carriageReturn ? $0.dropLast() : $0) }
        switch head(lines) {
        case .failure(let rejection):
            return .rejected(status: rejection.status, reason: rejection.reason)
        case .success(var request):
            switch bodyLength(request.headers, limits: limits) {
            case .failure(let rejection):
                return .rejected(status: rejection.status, reason: rejection.reason)
            case .success(let length):
                guard buffer.count >= bodyStart + length else { return .incomplete }
                request.body = Array(buffer[bodyStart..<bodyStart + length])
                return .complete(request, consumed: bodyStart + length)
            }
        }
    }

    /// Why a request was refused: the status to answer with and a short explanation.
    struct Rejection: Error, Equatable {
        /// The status code to answer with, e.g. 400.
        var status: Int
        /// A short explanation, sent as the response body.
        var reason: String
    }

    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    /// Skips the empty lines a client may send before a request line.
    private static func leadingBlankLines(_ buffer: [UInt8]) -> Int {
        var index = 0
        while index < buffer.count, buffer[index] == newline || buffer[index] == carriageReturn {
            index += 1
        }
        return index
    }

    /// Finds the blank line ending the head: the head's end and where the body starts.
    private static func headEnd(_ buffer: [UInt8], from start: Int, limit: Int) -> (Int, Int)? {
        var index = start
        let end = min(buffer.count, start + limit + 4)
        while index < end {
            if buffer[index] == newline {
                if index + 1 < buffer.count, buffer[index + 1] == newline {
                    return (index, index + 2)
                }
                if index + 2 < buffer.count, buffer[index + 1] == carriageReturn,
                    buffer[index + 2] == newline
                {
                    return (index, index + 3)
                }
            }
            index += 1
        }
        return nil
    }

    private static func text(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// Parses the request line and header fields (the lines of the head, without line ends).
    static func head(_ lines: [String]) -> Result<HTTPRequest, Rejection> {
        guard let first = lines.first else {
            return .failure(Rejection(status: 400, reason: "empty request"))
        }
        let parts: (method: String, target: String, version: String)
        switch requestLine(first) {
        case .failure(let rejection): return .failure(rejection)
        case .success(let value): parts = value
        }
        var headers: [HTTPHeader] = []
        for line in lines.dropFirst() {
            switch headerField(line) {
            case .failure(let rejection): return .failure(rejection)
            case .success(let field): headers.append(field)
            }
        }
        let (path, query) = splitTarget(parts.target)
        return .success(
            HTTPRequest(
                method: parts.method, path: path, query: query, version: parts.version,
                headers: headers))
    }

    /// Parses `METHOD TARGET HTTP/1.x`.
    static func requestLine(
        _ line: String
    ) -> Result<(method: String, target: String, version: String), Rejection> {
        let words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard words.count == 3 else {
            return .failure(Rejection(status: 400, reason: "malformed request line"))
        }
        let (method, target, version) = (words[0], words[1], words[2])
        guard isToken(method) else {
            return .failure(Rejection(status: 400, reason: "malformed method"))
        }
        guard isTarget(target) else {
            return .failure(Rejection(status: 400, reason: "malformed request target"))
        }
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            let looksLikeVersion =
                version.count == 8 && version.hasPrefix("HTTP/")
                && version.dropFirst(5).enumerated().allSatisfy { offset, character in
                    offset == 1 ? character == "." : character.isASCII && character.isNumber
                }
            return .failure(
                looksLikeVersion
                    ? Rejection(status: 505, reason: "unsupported version \(version)")
                    : Rejection(status: 400, reason: "malformed version"))
        }
        return .success((method, target, version))
    }

    /// Parses `Name: value`.
    static func headerField(_ line: String) -> Result<HTTPHeader, Rejection> {
        guard let colon = line.firstIndex(of: ":") else {
            return .failure(Rejection(status: 400, reason: "malformed header field"))
        }
        let name = String(line[..<colon])
        guard isToken(name) else {
            return .failure(Rejection(status: 400, reason: "malformed header name"))
        }
        let value = line[line.index(after: colon)...]
            .trimmingPrefix(while: { $0 == " " || $0 == "\t" })
        let trimmed = String(value.reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
        let printable = trimmed.unicodeScalars.allSatisfy {
            $0 == "\t" || $0.value >= 0x20 && $0.value != 0x7F
        }
        guard printable
        else {
            return .failure(Rejection(status: 400, reason: "control character in header value"))
        }
        return .success(HTTPHeader(name, trimmed))
    }

    /// The body length the fields announce; chunked bodies are not supported.
    static func bodyLength(_ headers: [HTTPHeader], limits: Limits) -> Result<Int, Rejection> {
        if headers.first(named: "Transfer-Encoding") != nil {
            return .failure(Rejection(status: 501, reason: "Transfer-Encoding not supported"))
        }
        let values = Set(headers.filter { $0.name.lowercased() == "content-length" }.map(\.value))
        guard let value = values.first else { return .success(0) }
        guard values.count == 1, !value.isEmpty, value.count <= 18,
            value.allSatisfy({ $0.isASCII && $0.isNumber }), let length = Int(value)
        else {
            return .failure(Rejection(status: 400, reason: "malformed Content-Length"))
        }
        guard length <= limits.maxBody else {
            return .failure(Rejection(status: 413, reason: "body over \(limits.maxBody) bytes"))
        }
        return .success(length)
    }

    /// Splits `/path?query` into its path and query; an absolute URL keeps only its path.
    static func splitTarget(_ target: String) -> (path: String, query: String?) {
        var target = Substring(target)
        if let scheme = target.firstRange(of: "://") {
            let afterHost = target[scheme.upperBound...]
            target = afterHost.firstIndex(of: "/").map { afterHost[$0...] } ?? "/"
        }
        guard let mark = target.firstIndex(of: "?") else { return (String(target), nil) }
        return (String(target[..<mark]), String(target[target.index(after: mark)...]))
    }

    /// Whether `text` is a non-empty RFC 9110 token (method and field names).
    static func isToken(_ text: String) -> Bool {
        !text.isEmpty
            && text.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII
                    && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                        || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar))
            }
    }

    /// Whether `text` is an origin-form (`/…`), absolute-form (`http://…`) or `*` target.
    static func isTarget(_ text: String) -> Bool {
        let printable = text.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F }
        let form =
            text.hasPrefix("/") || text == "*" || text.hasPrefix("http://")
            || text.hasPrefix("https://")
        return printable && form
    }
}
