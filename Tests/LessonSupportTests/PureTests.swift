import LessonSupport
import Testing

/// Parsers, URL handling, the seeded generator and formatting: no sockets, no threads.
struct PureTests {
    @Test func parsesACompleteRequestWithQueryHeadersAndBody() {
        let text = "POST /a/b?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabcNEXT"
        let bytes = Array(text.utf8)
        guard case .complete(let request, let consumed) = HTTPRequestParser.parse(bytes) else {
            Issue.record("not complete")
            return
        }
        #expect(request.method == "POST")
        #expect(request.path == "/a/b")
        #expect(request.query == "x=1")
        #expect(request.headers == [HTTPHeader("Host", "h"), HTTPHeader("Content-Length", "3")])
        #expect(request.body == Array("abc".utf8))
        #expect(consumed == bytes.count - 4)
        #expect(request.keepAlive)
    }

    @Test func waitsForTheRestOfAHeadOrBody() {
        #expect(HTTPRequestParser.parse(Array("GET / HTTP/1.1\r\nHost:".utf8)) == .incomplete)
        #expect(HTTPRequestParser.parse(Array("GET / HTT".utf8)) == .incomplete)
        let partialBody = "PUT / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab"
        #expect(HTTPRequestParser.parse(Array(partialBody.utf8)) == .incomplete)
    }

    @Test(arguments: [
        ("BAD\r\n\r\n", 400), ("GET / HTTP/3.0\r\n\r\n", 505), ("GET / FTP/1.0\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\n bad: fold\r\n\r\n", 400), ("GET\t/ HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nContent-Length: 999999999\r\n\r\n", 413),
    ])
    func rejectsBadRequests(request: String, status: Int) {
        guard case .rejected(let got, _) = HTTPRequestParser.parse(Array(request.utf8)) else {
            Issue.record("\(request.debugDescription) was not rejected")
            return
        }
        #expect(got == status)
    }

    @Test func headLimitGives431() {
        let limits = HTTPRequestParser.Limits(maxHead: 64, maxBody: 0)
        let request = "GET / HTTP/1.1\r\nX: \(String(repeating: "a", count: 80))"
        let outcome = HTTPRequestParser.parse(Array(request.utf8), limits: limits)
        guard case .rejected(let status, _) = outcome
        else {
            Issue.record("not rejected")
            return
        }
        #expect(status == 431)
    }

    @Test func connectionHeaderDecidesKeepAlive() {
        let closing = HTTPRequest(
            method: "GET", path: "/", headers: [HTTPHeader("connection", "Close")])
        #expect(!closing.keepAlive)
        #expect(!HTTPRequest(method: "GET", path: "/", version: "HTTP/1.0").keepAlive)
        #expect(
            HTTPRequest(
                method: "GET", path: "/", version: "HTTP/1.0",
                headers: [HTTPHeader("Connection", "keep-alive")]
            ).keepAlive)
    }

    @Test func responsesSerializeWithLengthAndConnection() {
        let bytes = HTTPResponse.text("hi\n", status: 404).serialized(keepAlive: false)
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: 3\r\nConnection: close\r\n\r\nhi\n")
    }

    @Test func parsesResponsesByLengthOrByEOF() {
        let sized = Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".utf8)
        #expect(
            HTTPResponseParser.parse(sized, atEOF: false)
                == .complete(
                    status: 200, headers: [HTTPHeader("Content-Length", "2")],
                    body: Array("ok".utf8)))
        #expect(HTTPResponseParser.parse(Array(sized.dropLast()), atEOF: false) == .incomplete)
        let unsized = Array("HTTP/1.0 503 Busy\r\n\r\nlater".utf8)
        #expect(HTTPResponseParser.parse(unsized, atEOF: false) == .incomplete)
        #expect(
            HTTPResponseParser.parse(unsized, atEOF: true)
                == .complete(status: 503, headers: [], body: Array("later".utf8)))
        if case .malformed = HTTPResponseParser.parse(Array("SSH-2.0\r\n\r\n".utf8), atEOF: true) {
        } else {
            Issue.record("garbage accepted")
        }
    }

    @Test func parsesURLs() throws {
        let url = try HTTPURL("http://localhost:8000/async-blocking?x=1")
        #expect(url == HTTPURL(host: "localhost", port: 8000, target: "/async-blocking?x=1"))
        #expect(try HTTPURL("http://example.org").target == "/")
        #expect(try HTTPURL("http://example.org").port == 80)
        let invalid = [
            "https://a/", "http://:80/", "http://a:0/", "http://a:x/", "ftp://a", "http://a/b c",
        ]
        for bad in invalid {
            #expect(throws: HTTPError.invalidURL(bad)) { try HTTPURL(bad) }
        }
    }

    @Test func splitMix64MatchesTheReferenceSequence() {
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        var first = SplitMix64(seed: 42)
        var second = SplitMix64(seed: 42)
        let a = (0..<5).map { _ in Int.random(in: 1...10, using: &first) }
        let b = (0..<5).map { _ in Int.random(in: 1...10, using: &second) }
        #expect(a == b)
    }

    @Test func formatsDurationsAndTimesOfDay() {
        #expect(Stopwatch.format(.milliseconds(200)) == "0.20s")
        #expect(Stopwatch.format(.milliseconds(1999)) == "2.00s")
        #expect(Stopwatch.format(.milliseconds(12_346)) == "12.35s")
        #expect(Stopwatch.format(seconds: 0.05) == "0.05s")
        #expect(Stopwatch.format(seconds: -1.5) == "-1.50s")
        #expect(TimeOfDay.format(hour: 9, minute: 5, second: 0) == "09:05:00")
        let now = TimeOfDay.now()
        #expect(now.count == 8 && now.split(separator: ":").count == 3)
        let stopwatch = Stopwatch()
        let first = stopwatch.seconds
        #expect(first >= 0 && stopwatch.seconds >= first)
    }
}
