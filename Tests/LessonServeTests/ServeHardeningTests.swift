import Foundation
import LessonServe
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The text of every `<script>` element without a `src` attribute in a page, in order: how a
/// test checks what a served page holds (the server itself never scans its pages).
enum InlineScripts {
    static func of(_ html: String) -> [String] {
        var scripts: [String] = []
        var rest = Substring(html)
        while let open = rest.firstRange(of: "<script") {
            guard let tagEnd = rest[open.upperBound...].firstIndex(of: ">") else { break }
            let attributes = rest[open.upperBound..<tagEnd]
            let bodyStart = rest.index(after: tagEnd)
            guard let close = rest[bodyStart...].firstRange(of: "</script>") else { break }
            if !attributes.contains("src=") { scripts.append(String(rest[bodyStart..<close.lowerBound])) }
            rest = rest[close.upperBound...]
        }
        return scripts
    }
}

extension RealProcesses {
    /// The attacks of issue 18 on `lesson serve`, each reproduced over a real socket and now
    /// refused or contained.
    @Suite(.serialized) struct ServeHardeningTests {
        static let hostile = """

            <script>fetch("/api/lessons/01-fixture/snippets/timed", {method: "PUT"})</script>

            <img src="data:," onerror="fetch('/api/lessons/01-fixture/snippets/timed/run', {method: 'POST'})">

            """

        @Test func aScriptInALessonIsNotAllowedByThePagePolicy() async throws {
            let fixture = try await ServeFixture.start()
            defer { fixture.stop() }
            let text = try String(contentsOfFile: fixture.lessonPath, encoding: .utf8)
            try (text + Self.hostile).write(toFile: fixture.lessonPath, atomically: true, encoding: .utf8)
            let page = try await fixture.client().send("GET", "/01-fixture.html")
            #expect(page.status == 200)
            let policy = try #require(page.headers["content-security-policy"])
            let scripts = InlineScripts.of(page.body)
            // The lesson's raw HTML reaches the page (CommonMark passes it through) ...
            let injected = try #require(scripts.first { $0.contains("fetch(") })
            #expect(page.body.contains("onerror="))
            // ... but the policy allows exactly the server's own scripts, and no handler attribute.
            #expect(!policy.contains(ContentSecurityPolicy.hashSource(injected)))
            for own in ServeScript.inlineScripts { #expect(policy.contains(ContentSecurityPolicy.hashSource(own))) }
            let sources = policy.split(separator: ";").first { $0.contains("script-src") }?.split(separator: " ") ?? []
            #expect(sources.count == 1 + ServeScript.inlineScripts.count + 1, "\(sources)")
            #expect(!policy.contains("unsafe-inline") && !policy.contains("unsafe-hashes"))
        }

        @Test func aRefusedRequestClosesItsConnection() async throws {
            let fixture = try await ServeFixture.start()
            defer { fixture.stop() }
            for headers in [
                "Host: 127.0.0.1:\(fixture.port)\r\n",  // no credentials
                "Host: evil.example\r\nAuthorization: token \(ServeFixture.token.text)\r\n",  // a foreign host
            ] {
                let connection = try TestConnection(port: fixture.port, receiveTimeout: 30)
                let request = "GET / HTTP/1.1\r\n\(headers)Connection: keep-alive\r\n\r\n"
                await offThePool { connection.send(request) }
                let response = await connection.readResponse()
                #expect(response.status == 403)
                #expect(response.headers["connection"] == "close")
                // readResponse read to the end: the server closed the connection; a second
                // request on it gets nothing.
                await offThePool { connection.send("GET / HTTP/1.1\r\nHost: 127.0.0.1:\(fixture.port)\r\n\r\n") }
                #expect(await connection.readHead().status == 0)
            }
            // Polled until closed (the bound, 2 minutes, only ends a run that never closes them).
            for _ in 0..<6000 where fixture.app.openConnections > 0 { try await Task.sleep(for: .milliseconds(20)) }
            #expect(fixture.app.openConnections == 0)
        }

        @Test func clientsWithoutTheTokenCannotTakeEverySlot() async throws {
            // Eight slots and a read deadline longer than the test: before, a ninth connection
            // waited in the backlog until a silent one timed out.
            let fixture = try await ServeFixture.start {
                $0.maxConnections = 8
                $0.readTimeout = .seconds(600)
            }
            defer { fixture.stop() }
            var squatters: [TestConnection] = []
            for index in 0..<16 {
                let connection = try TestConnection(port: fixture.port, receiveTimeout: 60)
                // Half send nothing, half a request that never ends.
                if index % 2 == 1 { await offThePool { connection.send("GET / HTTP/1.1\r\nHost: 127") } }
                squatters.append(connection)
            }
            for round in 0..<3 {
                let response = try await fixture.client().send("GET", "/api/lessons/01-fixture/snippets/timed")
                #expect(response.status == 200, "round \(round): \(response.status)")
                // The squatters take the freed slots again.
                for _ in 0..<4 { squatters.append(try TestConnection(port: fixture.port, receiveTimeout: 60)) }
            }
            #expect(fixture.app.openConnections <= 8)
            // A request being answered never gives way: a run streams to its end meanwhile.
            let run = try await fixture.client().open(
                "POST", "/api/lessons/01-fixture/snippets/timed/run", body: "{}", receiveTimeout: 120)
            #expect(await run.readHead().status == 200)
            for _ in 0..<16 { squatters.append(try TestConnection(port: fixture.port, receiveTimeout: 60)) }
            var last: String?
            while let event = await run.readEvent() { last = event["type"] as? String }
            #expect(last == "done")
        }

        @Test func aLinkedAnswerFileIsNeverRead() async throws {
            let fixture = try await ServeFixture.start()
            defer { fixture.stop() }
            let source = FileManager.default.currentDirectoryPath + "/Quizzes/01-run-many"
            try FileManager.default.copyItem(atPath: source, toPath: fixture.root + "/Quizzes/01-run-many")
            let folder = fixture.root + "/.lesson/answers/01-run-many"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(
                atPath: folder + "/Answer.swift", withDestinationPath: "/etc/passwd")
            let client = fixture.client()
            let state = try await client.send("GET", "/api/quizzes/01-run-many")
            #expect(state.status == 403, "\(state.body)")
            #expect(!state.body.contains("root:"))
            let grade = try await client.send("POST", "/api/quizzes/01-run-many/grade", body: "{}")
            #expect(grade.status == 403 && !grade.body.contains("root:"))
            #expect(fixture.app.activeTasks == 0)
            // A linked folder on the way is refused too.
            try FileManager.default.removeItem(atPath: folder)
            try FileManager.default.createSymbolicLink(atPath: folder, withDestinationPath: "/etc")
            #expect(try await client.send("GET", "/api/quizzes/01-run-many").status == 403)
            // So is a quiz whose own files are links.
            try FileManager.default.removeItem(atPath: folder)
            let readme = fixture.root + "/Quizzes/01-run-many/README.md"
            try FileManager.default.removeItem(atPath: readme)
            try FileManager.default.createSymbolicLink(atPath: readme, withDestinationPath: "/etc/passwd")
            let linked = try await client.send("GET", "/api/quizzes/01-run-many/hints/1")
            #expect(linked.status == 403 && !linked.body.contains("root:"), "\(linked.body)")
        }

        @Test func aLinkedLessonIsNeitherReadNorReplacedBySaves() async throws {
            let fixture = try await ServeFixture.start(author: true)
            defer { fixture.stop() }
            let outside = fixture.root + "-outside.md"
            defer { try? FileManager.default.removeItem(atPath: outside) }
            try FileManager.default.moveItem(atPath: fixture.lessonPath, toPath: outside)
            try FileManager.default.createSymbolicLink(atPath: fixture.lessonPath, withDestinationPath: outside)
            let before = try String(contentsOfFile: outside, encoding: .utf8)
            let client = fixture.client()
            let snippet = "/api/lessons/01-fixture/snippets/timed"
            #expect(try await client.send("GET", snippet).status == 403)
            let save = try await client.send("POST", snippet + "/save", body: #"{"code":"print(1)\n"}"#)
            #expect(save.status == 403, "\(save.body)")
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: fixture.lessonPath) == outside)
            #expect(try String(contentsOfFile: outside, encoding: .utf8) == before)
        }

        @Test func parallelSavesToOneLessonAreAllKept() async throws {
            let fixture = try await ServeFixture.start(count: 4, author: true)
            defer { fixture.stop() }
            let client = fixture.client()
            for round in 0..<10 {
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<4 {
                        group.addTask {
                            let code = "print(\"round \(round) snippet \(index)\")\n"
                            return try await client.send(
                                "POST", "/api/lessons/01-fixture/snippets/n\(index)/save",
                                body: try ServeLiveTests.json(code)
                            ).status
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                // Each save was applied to the file as it was then: none is acknowledged and lost.
                let text = try String(contentsOfFile: fixture.lessonPath, encoding: .utf8)
                #expect(statuses.allSatisfy { $0 == 200 }, "round \(round): \(statuses)")
                for index in 0..<4 {
                    #expect(text.contains("print(\"round \(round) snippet \(index)\")"), "round \(round), n\(index)")
                }
            }
            let litter = try FileManager.default.contentsOfDirectory(atPath: fixture.root + "/Lessons")
            #expect(litter == ["01-fixture.md"])
        }

        @Test func aSaveWithCarriageReturnsCannotEndTheFence() async throws {
            let fixture = try await ServeFixture.start(author: true)
            defer { fixture.stop() }
            let before = try String(contentsOfFile: fixture.lessonPath, encoding: .utf8)
            let client = fixture.client()
            let attack = "print(1)\r```\r<script>alert(1)</script>\r"
            let save = try await client.send(
                "POST", "/api/lessons/01-fixture/snippets/timed/save", body: try ServeLiveTests.json(attack))
            #expect(save.status == 409, "\(save.body)")
            #expect(try String(contentsOfFile: fixture.lessonPath, encoding: .utf8) == before)
            let crlf = try await client.send(
                "POST", "/api/lessons/01-fixture/snippets/timed/save",
                body: try ServeLiveTests.json("print(1)\r\nprint(2)\r\n"))
            #expect(crlf.status == 200)
            let after = try String(contentsOfFile: fixture.lessonPath, encoding: .utf8)
            #expect(after.contains("print(1)\nprint(2)\n```") && !after.contains("\r"))
        }

        @Test func oneRenderServesConcurrentRequests() async throws {
            let fixture = try await ServeFixture.start()
            defer { fixture.stop() }
            let client = fixture.client()
            #expect(try await client.send("GET", "/01-fixture.html").status == 200)
            let rendered = fixture.app.renderCount
            let text = try String(contentsOfFile: fixture.lessonPath, encoding: .utf8)
            try (text + "\nChanged prose.\n").write(toFile: fixture.lessonPath, atomically: true, encoding: .utf8)
            let bodies = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<8 { group.addTask { try await client.send("GET", "/01-fixture.html").body } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(bodies.count == 8 && bodies.allSatisfy { $0.contains("Changed prose.") })
            #expect(fixture.app.renderCount == rendered + 1)
            // Nothing changed since: no request renders again.
            _ = try await client.send("GET", "/index.html")
            #expect(fixture.app.renderCount == rendered + 1)
        }

        @Test func openWritesAPrivateRedirectFileAndNeverPutsTheTokenOnACommandLine() async throws {
            let fixture = try await ServeFixture.start()
            fixture.app.stop()  // only the workshop is used; the real binary serves it
            defer { fixture.stop() }
            let record = fixture.root + "/browser-arguments"
            let browser = fixture.root + "/fake-browser"
            try "#!/bin/sh\nprintf '%s\\n' \"$@\" > '\(record)'\n".write(
                toFile: browser, atomically: true, encoding: .utf8)
            chmod(browser, 0o755)
            let server = try await RealServer.launch(
                in: fixture.root, arguments: ["serve", "--port", "0", "--open"], environment: ["BROWSER": browser])
            defer { server.kill() }
            let port = try #require(server.port(host: "127.0.0.1"), "\(server.printed)")
            var arguments = ""
            // Polled until the browser stand-in has run (the bound only ends a run where it never does).
            for _ in 0..<2400 {
                arguments = (try? String(contentsOfFile: record, encoding: .utf8)) ?? ""
                if !arguments.isEmpty { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            let file = fixture.root + "/.lesson/serve-\(port)-open.html"
            #expect(arguments == URL(fileURLWithPath: file).absoluteString + "\n")
            #expect(!arguments.contains(ServeFixture.token.text))
            var info = stat()
            #expect(lstat(file, &info) == 0 && info.st_mode & 0o777 == 0o600 && info.st_mode & S_IFMT == S_IFREG)
            let html = try String(contentsOfFile: file, encoding: .utf8)
            #expect(html.contains("url=http://127.0.0.1:\(port)/?token=\(ServeFixture.token.text)"))
            _ = await server.interrupt()
        }
    }
}
