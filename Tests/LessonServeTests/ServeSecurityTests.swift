import Foundation
import LessonServe
import LoopbackTestSupport
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension RealProcesses {
    /// Every security rule broken by a real HTTP client over a real socket: the server answers
    /// 403, 404, 413 or 429 as fitting, does nothing it was asked, and keeps serving.
    @Suite(.serialized) struct ServeSecurityTests {
        /// Runs `body` against a fresh fixture server, then checks the server still serves.
        func withServer(
            author: Bool = false, width: Int = 2, maxBody: Int = 64 * 1024,
            _ body: (ServeFixture, TestClient) async throws -> Void
        ) async throws {
            let fixture = try await ServeFixture.start(author: author, width: width, maxBody: maxBody)
            defer { fixture.stop() }
            let client = fixture.client()
            try await body(fixture, client)
            let page = try await client.send("GET", "/")
            #expect(page.status == 200, "the server stopped serving: \(page.status)")
        }

        @Test func aForeignHostIsRefused() async throws {
            try await withServer { fixture, client async throws in
                for host in ["evil.example:\(fixture.port)", "127.0.0.1:1", "attacker.test"] {
                    #expect(try await client.send("GET", "/", headers: ["Host": host]).status == 403, "\(host)")
                    #expect(
                        try await client.send("GET", "/api/lessons/01-fixture/snippets/timed", headers: ["Host": host])
                            .status
                            == 403)
                }
                #expect(try await client.send("GET", "/", headers: ["Host": nil]).status == 403)
                // `localhost` may resolve to [::1], where another user could listen: refused.
                #expect(try await client.send("GET", "/", headers: ["Host": "localhost:\(fixture.port)"]).status == 403)
            }
        }

        @Test func everythingNeedsTheTokenWhichBecomesAStrictCookie() async throws {
            try await withServer { fixture, client async throws in
                for path in ["/", "/01-fixture.html", "/api/lessons/01-fixture/snippets/timed", "/serve.css"] {
                    #expect(
                        try await client.send("GET", path, headers: ["Authorization": nil]).status == 403, "\(path)")
                }
                let wrong = String(repeating: "0", count: 64)
                #expect(try await client.send("GET", "/?token=\(wrong)", headers: ["Authorization": nil]).status == 403)
                #expect(try await client.send("GET", "/", headers: ["Authorization": "token \(wrong)"]).status == 403)
                #expect(
                    try await client.send(
                        "GET", "/", headers: ["Authorization": nil, "Cookie": "lesson-serve-\(fixture.port)=\(wrong)"]
                    ).status == 403)
                let exchange = try await client.send(
                    "GET", "/01-fixture.html?token=\(ServeFixture.token.text)", headers: ["Authorization": nil])
                // A page that sets the cookie and moves on by itself, to the page without the token.
                #expect(exchange.status == 200)
                #expect(exchange.body.contains(#"<meta http-equiv="refresh" content="0;url=/01-fixture.html">"#))
                let cookie = try #require(exchange.headers["set-cookie"])
                #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
                let value = String(cookie.split(separator: ";")[0])
                // The cookie is a session secret, not the token; the token is no cookie.
                #expect(
                    !value.contains(ServeFixture.token.text)
                        && value.count == "lesson-serve-\(fixture.port)=".count + 64)
                #expect(
                    try await client.send(
                        "GET", "/",
                        headers: [
                            "Authorization": nil, "Cookie": "lesson-serve-\(fixture.port)=\(ServeFixture.token.text)",
                        ]
                    ).status == 403)
                let page = try await client.send(
                    "GET", "/01-fixture.html", headers: ["Authorization": nil, "Cookie": value])
                #expect(page.status == 200 && page.body.contains("Serve fixture"))
                // Nothing was run or written for the refused requests.
                #expect(!FileManager.default.fileExists(atPath: fixture.root + "/.lesson/edits"))
            }
        }

        @Test func changesFromOtherOriginsOrAsFormsAreRefused() async throws {
            try await withServer { fixture, client async throws in
                let edit = "/api/lessons/01-fixture/snippets/timed"
                let body = #"{"code":"print(\"changed\")\n"}"#
                let attempts: [[String: String?]] = [
                    ["Origin": nil],
                    ["Origin": "http://evil.example"],
                    ["Origin": "null"],
                    ["Content-Type": "application/x-www-form-urlencoded"],
                    ["Content-Type": "text/plain"],
                    ["Content-Type": "multipart/form-data; boundary=x"],
                    ["Content-Type": nil],
                    ["Sec-Fetch-Site": "cross-site"],
                ]
                for headers in attempts {
                    #expect(
                        try await client.send("PUT", edit, headers: headers, body: body).status == 403, "\(headers)")
                    #expect(try await client.send("POST", edit + "/run", headers: headers, body: "{}").status == 403)
                    #expect(try await client.send("DELETE", edit, headers: headers).status == 403)
                }
                #expect(!FileManager.default.fileExists(atPath: fixture.root + "/.lesson/edits"))
                #expect(try await client.send("PUT", edit, body: body).status == 200)
                #expect(FileManager.default.fileExists(atPath: fixture.root + "/.lesson/edits/01-fixture/timed.swift"))
            }
        }

        @Test func pagesCarryAPolicyThatAllowsNothingFromElsewhere() async throws {
            try await withServer { _, client async throws in
                let page = try await client.send("GET", "/01-fixture.html")
                let policy = try #require(page.headers["content-security-policy"])
                // Exactly the server's own scripts: the site's and serve's inline ones by hash,
                // and the site's search index by its address; nothing else from anywhere.
                let files = ["http://127.0.0.1:\(client.port)/search-index.js"]
                #expect(
                    policy == ContentSecurityPolicy.page(inlineScripts: ServeScript.inlineScripts, scriptFiles: files))
                #expect(policy.hasPrefix("default-src 'none'; script-src 'sha256-"))
                #expect(!policy.contains("unsafe-inline") && !policy.contains("*") && !policy.contains("'self' 'sha"))
                #expect(page.headers["x-content-type-options"] == "nosniff")
                #expect(page.headers["x-frame-options"] == "DENY")
                #expect(InlineScripts.of(page.body) == ServeScript.inlineScripts)
                let api = try await client.send("GET", "/api/lessons/01-fixture/snippets/timed")
                #expect(api.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'")
            }
        }

        @Test(arguments: [
            "/../Lessons/01-fixture.md", "/%2e%2e/%2e%2e/etc/passwd", "/api/lessons/%2e%2e/snippets/timed",
            "/api/lessons/01-fixture/snippets/..%2f..%2fLessons", "//etc/passwd", "/x%00.html", "/.lesson/edits",
            "/Lessons/01-fixture.md", "/api/lessons/02-none/snippets/timed", "/api/lessons/01-fixture/snippets/nope",
            "/%2fetc%2fpasswd",
        ])
        func pathsCannotLeaveTheWorkshop(path: String) async throws {
            try await withServer { _, client async throws in
                let response = try await client.send("GET", path)
                #expect(response.status == 404, "\(path): \(response.status)")
                #expect(!response.body.contains("root:"))
            }
        }

        @Test func editsAreNeverWrittenThroughSymbolicLinks() async throws {
            try await withServer { fixture, client async throws in
                let outside = fixture.root + "-outside"
                try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(atPath: outside) }
                try FileManager.default.createDirectory(
                    atPath: fixture.root + "/.lesson/edits", withIntermediateDirectories: true)
                try FileManager.default.createSymbolicLink(
                    atPath: fixture.root + "/.lesson/edits/01-fixture", withDestinationPath: outside)
                let edit = "/api/lessons/01-fixture/snippets/timed"
                #expect(try await client.send("PUT", edit, body: #"{"code":"x"}"#).status == 403)
                #expect(try await client.send("GET", edit).status == 403)
                #expect(try await client.send("DELETE", edit).status == 403)
                #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty)
            }
        }

        @Test func bodiesOverTheCapGet413() async throws {
            try await withServer(maxBody: 1024) { fixture, client async throws in
                let big = #"{"code":""# + String(repeating: "x", count: 2000) + #""}"#
                #expect(try await client.send("PUT", "/api/lessons/01-fixture/snippets/timed", body: big).status == 413)
                #expect(
                    try await client.send("POST", "/api/lessons/01-fixture/snippets/timed/run", body: big).status == 413
                )
                #expect(!FileManager.default.fileExists(atPath: fixture.root + "/.lesson/edits"))
                #expect(
                    try await client.send("PUT", "/api/lessons/01-fixture/snippets/timed", body: #"{"code":"x"}"#)
                        .status
                        == 200)
            }
        }

        @Test func aSecondRunOfTheSameSnippetGets429AndRunsBeyondTheCoresQueue() async throws {
            try await withServer(width: 1) { _, client async throws in
                let sleeper = try await client.open("POST", "/api/lessons/01-fixture/snippets/sleeper/run", body: "{}")
                #expect(await sleeper.readHead().status == 200)
                var pid: pid_t?
                while let event = await sleeper.readEvent() {
                    if event["type"] as? String == "line", let text = event["text"] as? String, text.hasPrefix("pid ") {
                        pid = pid_t(text.dropFirst(4))
                        break
                    }
                }
                let child = try #require(pid)
                #expect(processExists(child))
                let again = try await client.send("POST", "/api/lessons/01-fixture/snippets/sleeper/run", body: "{}")
                #expect(again.status == 429)
                // One core's worth of runs: the next snippet waits, and is told its place.
                let timed = try await client.open("POST", "/api/lessons/01-fixture/snippets/timed/run", body: "{}")
                #expect(await timed.readHead().status == 200)
                let queued = try #require(await timed.readEvent())
                #expect(queued["type"] as? String == "queued" && queued["position"] as? Int == 1)
                // Closing the sleeper's page stops its run and its process; the queued run goes on.
                _ = sleeper
                shutdown(sleeper.fd, Int32(SHUT_RDWR))
                var types: [String] = []
                var status: String?
                while let event = await timed.readEvent() {
                    types.append(event["type"] as? String ?? "?")
                    if event["type"] as? String == "done" { status = event["status"] as? String }
                }
                #expect(types.first == "started")
                #expect(status == "pass", "\(types)")
                #expect(
                    await eventually { !processExists(child) }, "the closed page's run \(child) is still running")
            }
        }
    }
}
