/// Parses the bytes of an HTTP/1.x response as a client receives them.
///
/// Pure: call it with everything received so far; `atEOF` says the server has closed.
/// Bodies are delimited by `Content-Length`, or by the end of the connection without one.
/// Chunked bodies are not supported (the demo server never sends them).
public enum HTTPResponseParser {
    /// What the parser made of the bytes so far.
    public enum Outcome: Sendable, Equatable {
        /// More bytes are needed.
        case incomplete
        /// A whole response.
        case complete(status: Int, headers: [HTTPHeader], body: [UInt8])
        /// The bytes are not an HTTP response (or the connection ended too early).
        case malformed(String)
    }

    /// Parses a response from the start of `bytes`.
    public static func parse(_ bytes: [UInt8], atEOF: Bool) -> Outcome {
        guard let headEnd = headEnd(bytes) else {
            return atEOF ? .malformed("connection closed before the response head") : .incomplete
        }
        let lines = bytes[..<headEnd].split(separator: 10, omittingEmptySubsequences: false)
            .map { String(decoding: $0.last == 13 ? $0.dropLast() : $0, as: UTF8.self) }
        let statusWords = lines[0].split(separator: " ", maxSplits: 2)
        guard statusWords.count >= 2, statusWords[0].hasPrefix("HTTP/1."),
            let status = Int(statusWords[1]), (100...999).contains(status)
        else { return .malformed("bad status line '\(lines[0])'") }
        var headers: [HTTPHeader] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else {
                return .malformed("bad header line '\(line)'")
            }
            let value = line[line.index(after: colon)...].trimmingPrefix(" ")
            headers.append(HTTPHeader(String(line[..<colon]), String(value)))
        }
        let bodyStart = headEnd + 4
        if let lengthText = headers.first(named: "Content-Length") {
            guard let length = Int(lengthText), length >= 0 else {
                return .malformed("bad Content-Length '\(lengthText)'")
            }
            guard bytes.count >= bodyStart + length else {
                return atEOF ? .malformed("connection closed inside the body") : .incomplete
            }
            return .complete(
                status: status, headers: headers,
                body: Array(bytes[bodyStart..<bodyStart + length]))
        }
        guard atEOF else { return .incomplete }
        return .complete(status: status, headers: headers, body: Array(bytes[bodyStart...]))
    }

    /// The index of the `\r\n\r\n` that ends the head, if it has arrived.
    static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13
            && bytes[index + 3] == 10
        {
            return index
        }
        return nil
    }
}
