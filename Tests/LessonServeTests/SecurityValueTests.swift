import Foundation
import LessonCore
import LessonServe
import LessonSupport
import LoopbackTestSupport
import Synchronization
import TestSupport
import Testing

/// The security rules as pure values: every rule decides without a socket.
@Suite struct SecurityValueTests {
    let rules = RequestGuard(token: ServeFixture.token, port: 4000)

    func request(
        _ method: String = "GET", _ path: String = "/", query: String? = nil, _ fields: [String: String] = [:]
    ) -> HTTPRequest {
        var headers = [HTTPHeader("Host", "127.0.0.1:4000")]
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            headers.removeAll { $0.name == name }
            headers.append(HTTPHeader(name, value))
        }
        return HTTPRequest(method: method, path: path, query: query, headers: headers)
    }

    var auth: [String: String] { ["Authorization": "token \(ServeFixture.token.text)"] }

    @Test func tokensAreLongRandomAndComparedWholly() {
        let a = ServeToken.random()
        let b = ServeToken.random()
        #expect(a.text.count == 64 && a.text.allSatisfy(\.isHexDigit))
        #expect(a != b)
        #expect(a.matches(a.text))
        #expect(!a.matches(String(a.text.dropLast())))
        #expect(!a.matches(a.text + "0"))
        #expect(!a.matches(""))
        #expect(ServeToken.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!ServeToken.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!ServeToken.constantTimeEqual([], [0]))
    }

    @Test(arguments: [
        "/../etc/passwd", "/%2e%2e/etc/passwd", "/%2E%2E/x", "/a/../b", "/./x", "//etc/passwd", "/a//b",
        "/x%00.html", "/x%2fy", "/a\\b", "/.lesson/answers", "/%zz", "/%c3", "relative", "/x y",
    ])
    func unsafePathsAreRefused(path: String) {
        #expect(SafePath(path) == nil)
        #expect(rules.check(request("GET", path, auth)) == .deny(status: 404, reason: "not found"))
    }

    @Test func plainPathsDecode() {
        #expect(SafePath("/")?.segments == [])
        #expect(SafePath("/04-gather.html")?.segments == ["04-gather.html"])
        #expect(
            SafePath("/api/lessons/04-gather/snippets/a%2Db")?.segments == [
                "api", "lessons", "04-gather", "snippets", "a-b",
            ])
        #expect(SafePath("/api/changes/")?.segments == ["api", "changes"])
    }

    @Test func hostMustNameLoopbackAndThePort() {
        for host in ["evil.example:4000", "127.0.0.1:4001", "127.0.0.1", "127.0.0.2:4000", "localhost.evil:4000"] {
            #expect(rules.check(request("GET", "/", ["Host": host].merging(auth) { $1 })).status == 403, "\(host)")
        }
        #expect(rules.check(HTTPRequest(method: "GET", path: "/", headers: [])).status == 403)
        // `localhost` could reach another user's listener on [::1]: refused.
        #expect(rules.check(request("GET", "/", ["Host": "localhost:4000"].merging(auth) { $1 })).status == 403)
        #expect(rules.check(request("GET", "/", ["Host": "127.0.0.1:4000"].merging(auth) { $1 })).status == nil)
        let wide = RequestGuard(token: ServeFixture.token, port: 4000, extraHosts: ["10.0.0.5"])
        #expect(wide.check(request("GET", "/", ["Host": "10.0.0.5:4000"].merging(auth) { $1 })).status == nil)
    }

    @Test func theTokenIsExchangedForAStrictHttpOnlyCookie() {
        let verdict = rules.check(request("GET", "/04-gather.html", query: "token=\(ServeFixture.token.text)"))
        guard case .exchange(let location, let cookie) = verdict else {
            Issue.record("expected an exchange, got \(verdict)")
            return
        }
        #expect(location == "/04-gather.html")
        // The cookie holds the session secret, never the token.
        #expect(rules.session != ServeFixture.token)
        #expect(cookie == "lesson-serve-4000=\(rules.session.text); HttpOnly; SameSite=Strict; Path=/")
        #expect(!cookie.contains(ServeFixture.token.text))
        #expect(rules.check(request("GET", "/", query: "token=bad")).status == 403)
        let cookieOnly = request("GET", "/", ["Cookie": "other=1; lesson-serve-4000=\(rules.session.text)"])
        #expect(rules.check(cookieOnly).status == nil)
        // The token is no cookie, and another server's session opens nothing here.
        #expect(
            rules.check(request("GET", "/", ["Cookie": "lesson-serve-4000=\(ServeFixture.token.text)"])).status == 403)
        let other = RequestGuard(token: ServeFixture.token, port: 4000)
        #expect(other.session != rules.session)
        #expect(
            rules.check(request("GET", "/", ["Cookie": "lesson-serve-4000=\(other.session.text)"])).status == 403)
        #expect(
            rules.check(request("GET", "/", ["Cookie": "lesson-serve-4001=\(rules.session.text)"])).status == 403)
        // A page that carries the right token may come from anywhere (`--open` starts at a file).
        let fromFile = request("GET", "/", query: "token=\(ServeFixture.token.text)", ["Sec-Fetch-Site": "cross-site"])
        #expect(rules.check(fromFile).status == 303)
        #expect(rules.check(request("GET", "/")).status == 403)
        #expect(rules.check(request("GET", "/", ["Authorization": "Bearer \(ServeFixture.token.text)"])).status == 403)
    }

    @Test func changesNeedTheirOwnOriginAndJSON() {
        let good = auth.merging(["Origin": "http://127.0.0.1:4000", "Content-Type": "application/json"]) { $1 }
        #expect(rules.check(request("POST", "/api/x", good)).status == nil)
        #expect(
            rules.check(
                request("PUT", "/api/x", good.merging(["Content-Type": "application/json; charset=utf-8"]) { $1 })
            ).status == nil)
        var noOrigin = good
        noOrigin["Origin"] = nil
        #expect(rules.check(request("POST", "/api/x", noOrigin)).status == 403)
        for origin in ["http://evil.example", "null", "http://127.0.0.1:4001", "https://127.0.0.1:4000"] {
            #expect(rules.check(request("POST", "/api/x", good.merging(["Origin": origin]) { $1 })).status == 403)
        }
        for type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""] {
            #expect(rules.check(request("DELETE", "/api/x", good.merging(["Content-Type": type]) { $1 })).status == 403)
        }
        #expect(
            rules.check(request("POST", "/api/x", good.merging(["Sec-Fetch-Site": "cross-site"]) { $1 })).status == 403)
        #expect(rules.check(request("TRACE", "/", auth)).status == 405)
    }

    @Test func theContentSecurityPolicyAllowsOnlyTheServersOwnScripts() {
        // Known vectors: SHA-256("abc") and base64.
        #expect(Base64.encode(Array("abc".utf8)) == "YWJj")
        #expect(Base64.encode(Array("ab".utf8)) == "YWI=")
        let policy = ContentSecurityPolicy.page(
            inlineScripts: ["abc"], scriptFiles: ["http://127.0.0.1:4000/search-index.js"])
        #expect(policy.hasPrefix("default-src 'none'; "))
        #expect(
            policy.contains(
                "script-src 'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=' http://127.0.0.1:4000/search-index.js;"
            ))
        #expect(!policy.contains("unsafe") && !policy.contains("script-src 'self'"))
        #expect(policy.contains("connect-src 'self'") && policy.contains("frame-ancestors 'none'"))
    }

    @Test func theServePageScriptIsTheEmbeddedFile() throws {
        let file = try String(
            contentsOfFile: Fixtures.root + "/Sources/LessonServe/ServeFront/serve.js", encoding: .utf8)
        #expect(ServeScript.source == file && !file.isEmpty)
        let css = try String(
            contentsOfFile: Fixtures.root + "/Sources/LessonServe/ServeFront/serve.css", encoding: .utf8)
        #expect(ServeScript.css == css && !css.isEmpty)
        #expect(ServeScript.inlineScripts.count == 2 && ServeScript.inlineScripts.last == file)
        #expect(!file.contains("</script"))
    }

    @Test func saveToLessonRewritesOnlyThatFence() throws {
        let source = ServeFixture.lesson().replacingOccurrences(of: "\n", with: "\r\n")
        let (lesson, problems) = LessonParser.parse(source, path: "x.md")
        #expect(problems.isEmpty)
        let sleeper = try #require(lesson.snippets.first { $0.id == "sleeper" })
        let text = try FenceRewriter.replacing(sleeper, in: lesson, with: "print(1)\n\nprint(2)\n")
        let expected = source.replacingOccurrences(
            of: "  import Glibc\r\n  print(\"pid \\(getpid())\")\r\n  sleep(60)\r\n  print(\"woke\")\r\n",
            with: "  print(1)\r\n\r\n  print(2)\r\n")
        #expect(text == expected)
        let reparsed = LessonParser.parse(text, path: "x.md").0
        #expect(reparsed.snippets.first { $0.id == "sleeper" }?.code == "print(1)\n\nprint(2)\n")
        #expect(throws: FenceRewriter.Problem.closesFence(line: 2)) {
            try FenceRewriter.replacing(sleeper, in: lesson, with: "print(1)\n```\n")
        }
        // A bare CR or a CRLF ends a line in markdown: it is a line break before fencing, so it
        // can never close the fence and add raw HTML to the lesson.
        for ending in ["\r", "\r\n"] {
            #expect(throws: FenceRewriter.Problem.closesFence(line: 2)) {
                try FenceRewriter.replacing(
                    sleeper, in: lesson, with: "print(1)\(ending)```\(ending)<script>x()</script>")
            }
        }
        let mixed = try FenceRewriter.replacing(sleeper, in: lesson, with: "a()\rb()\r\nc()\n")
        #expect(
            LessonParser.parse(mixed, path: "x.md").0.snippets.first { $0.id == "sleeper" }?.code == "a()\nb()\nc()\n")
        #expect(mixed.contains("  a()\r\n  b()\r\n  c()\r\n"))
    }

    @Test func theQueueAdmitsOnePerKeyAndWidthAtOnceInOrder() async throws {
        let queue = RunQueue(width: 1)
        try await queue.reserve("a")
        await #expect(throws: RunQueue.Refusal.busy) { try await queue.reserve("a") }
        try await queue.wait("a") { _ in }
        try await queue.reserve("b")
        try await queue.reserve("c")
        let positions = Positions()
        let b = Task { try await queue.wait("b") { positions.record("b", $0) } }
        // Each waits in line before the next comes: by the queue's count, not by a pause.
        #expect(await eventually { await queue.load.waiting == 1 })
        let c = Task { try await queue.wait("c") { positions.record("c", $0) } }
        #expect(await eventually { await queue.load.waiting == 2 })
        #expect(await queue.load == (1, 2))
        #expect(positions.values == [("b", 1), ("c", 2)].map { "\($0)\($1)" })
        await queue.release("a")
        try await b.value
        #expect(positions.values.last == "c1")
        c.cancel()
        await #expect(throws: CancellationError.self) { try await c.value }
        await queue.release("c")
        #expect(await queue.load == (1, 0))
        await queue.release("b")
        #expect(await queue.load == (0, 0))
    }
}

extension RequestGuard.Verdict {
    /// The status of a denial; nil when allowed.
    var status: Int? {
        if case .deny(let status, _) = self { return status }
        if case .exchange = self { return 303 }
        return nil
    }
}

/// Queue positions as they were announced.
final class Positions: Sendable {
    private let state = Mutex<[String]>([])
    func record(_ key: String, _ position: Int) { state.withLock { $0.append("\(key)\(position)") } }
    var values: [String] { state.withLock { $0 } }
}
