import Foundation
import LessonSupport
import LoopbackTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ServerTests {
    /// Bad input, slow clients, idle crowds and vanishing clients: the server answers what it
    /// can, closes what it must, and keeps serving.
    @Suite struct Robustness {
        /// Sends `request` on a fresh connection and returns everything until the server closes.
        /// Runs on a thread of its own: a blocking read on the cooperative pool could hold the
        /// very thread the server's async handlers need while other suites hold the rest.
        static func exchange(_ request: String, port: Int) async throws -> (text: String, closed: Bool) {
            let result = await withCheckedContinuation { continuation in
                Thread {
                    continuation.resume(
                        returning: Result { () throws -> (text: String, closed: Bool) in
                            let socket = try TestSocket(port: port)
                            socket.send(request)
                            return socket.readToEnd()
                        })
                }.start()
            }
            return try result.get()
        }

        /// Checks the server still answers `/health`. An answer at all is the proof: a server
        /// stuck on the bad or idle clients never answers (the long timeout only stops a hang).
        static func expectHealthy(_ base: String) async throws {
            let response = try await HTTPClient.get(base + "/health", timeout: .seconds(120))
            #expect(response.status == 200)
        }

        @Test(arguments: [
            "GARBAGE\r\n\r\n",
            "GET /health\r\n\r\n",
            "GET /health HTTP/1.1 extra\r\n\r\n",
            "G(T /health HTTP/1.1\r\n\r\n",
            "GET health HTTP/1.1\r\n\r\n",
            "GET /health HTTP/1.1\r\nNo colon here\r\n\r\n",
            "GET /health HTTP/1.1\r\nContent-Length: ten\r\n\r\n",
        ])
        func malformedRequestsGet400AndAClosedConnection(request: String) async throws {
            try await ServerTests.withServer { server, base in
                let (text, closed) = try await Self.exchange(request, port: server.port!)
                #expect(text.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(text)")
                #expect(text.contains("Connection: close"))
                #expect(closed)
                try await Self.expectHealthy(base)
            }
        }

        @Test func malformedRequestLineIsRejectedBeforeTheHeadEnds() async throws {
            try await ServerTests.withServer { server, _ in
                let request = "NOT AN HTTP LINE AT ALL\r\n"
                let (text, closed) = try await Self.exchange(request, port: server.port!)
                #expect(text.hasPrefix("HTTP/1.1 400 "))
                #expect(closed)
            }
        }

        @Test func headersOver16KiBGet431() async throws {
            try await ServerTests.withServer { server, base in
                let filler = String(repeating: "x", count: 1000)
                var request = "GET /health HTTP/1.1\r\nHost: test\r\n"
                for index in 0..<20 { request += "X-Filler-\(index): \(filler)\r\n" }
                request += "\r\n"
                let (text, closed) = try await Self.exchange(request, port: server.port!)
                #expect(text.hasPrefix("HTTP/1.1 431 Request Header Fields Too Large\r\n"))
                #expect(closed)
                // Just under the limit is fine.
                let small =
                    "GET /health HTTP/1.1\r\nX-Filler: \(String(repeating: "y", count: 15_000))\r\n"
                    + "Connection: close\r\n\r\n"
                let (ok, _) = try await Self.exchange(small, port: server.port!)
                #expect(ok.hasPrefix("HTTP/1.1 200 OK\r\n"))
                try await Self.expectHealthy(base)
            }
        }

        @Test func unsupportedVersionAndChunkedBodiesAreRefused() async throws {
            try await ServerTests.withServer { server, _ in
                let http2 = "GET /health HTTP/2.0\r\n\r\n"
                let (version, _) = try await Self.exchange(http2, port: server.port!)
                #expect(version.hasPrefix("HTTP/1.1 505 "))
                let chunked = "POST /health HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                let (refused, _) = try await Self.exchange(chunked, port: server.port!)
                #expect(refused.hasPrefix("HTTP/1.1 501 "))
            }
        }

        @Test func keepAliveServesSeveralRequestsOnOneConnection() async throws {
            try await ServerTests.withServer { server, _ in
                let socket = try TestSocket(port: server.port!)
                socket.send(
                    "GET /health HTTP/1.1\r\n\r\nGET /nowhere HTTP/1.1\r\n\r\n"
                        + "POST /health HTTP/1.1\r\nContent-Length: 3\r\n"
                        + "Connection: close\r\n\r\nabc")
                let (text, closed) = socket.readToEnd()
                let statuses = text.split(whereSeparator: \.isNewline)
                    .filter { $0.hasPrefix("HTTP/1.1 ") }.map { String($0.prefix(12)) }
                #expect(statuses == ["HTTP/1.1 200", "HTTP/1.1 404", "HTTP/1.1 405"])
                #expect(closed)
            }
        }

        @Test func slowClientsHitTheReadTimeout() async throws {
            try await ServerTests.withServer(readTimeout: .milliseconds(300)) { server, base in
                let stopwatch = Stopwatch()
                let partial = try TestSocket(port: server.port!)
                partial.send("GET /health HTTP/1.1\r\nHost: sl")
                let idle = try TestSocket(port: server.port!)
                let (text, closed) = partial.readToEnd()
                #expect(text.hasPrefix("HTTP/1.1 408 "), "\(text)")
                #expect(closed)
                let (nothing, idleClosed) = idle.readToEnd()
                #expect(nothing.isEmpty && idleClosed)
                // Not before the read timeout (the 408 says which limit closed it).
                #expect(stopwatch.seconds >= 0.25, "\(stopwatch.elapsedText)")
                try await Self.expectHealthy(base)
            }
        }

        @Test func hundredsOfIdleConnectionsDoNotStopHealth() async throws {
            try await ServerTests.withServer { server, base in
                let idle = try (0..<300).map { _ in try TestSocket(port: server.port!) }
                // Half of them also send an unfinished request.
                for socket in idle.prefix(150) { socket.send("GET /health HTTP/1.1\r\n") }
                try await Self.expectHealthy(base)
                #expect(await eventually { server.openConnections >= 300 }, "\(server.openConnections) open")
                withExtendedLifetime(idle) {}
            }
        }

        @Test func clientDisconnectingMidResponseIsDroppedQuietly() async throws {
            let big = HTTPResponse(body: [UInt8](repeating: 65, count: 8 << 20))
            let routes =
                DemoAPI.blockingIORoutes(delay: ServerTests.delay) + [
                    .threadPool("/big") { _ in big }
                ]
            try await ServerTests.withServer(routes) { server, base in
                for _ in 0..<3 {
                    let socket = try TestSocket(port: server.port!)
                    socket.send("GET /big HTTP/1.1\r\n\r\n")
                    #expect(socket.readSome(1000) > 0)
                    socket.resetOnClose()
                }
                // Gone before the handler even answers.
                for _ in 0..<3 {
                    let socket = try TestSocket(port: server.port!)
                    socket.send("GET /async-nonblocking HTTP/1.1\r\n\r\n")
                }
                try await Self.expectHealthy(base)
                #expect(await eventually { server.openConnections == 0 }, "\(server.openConnections) open")
            }
        }

        @Test func stopClosesTheListenerAndStartTwiceThrows() async throws {
            let server = HTTPServer(routes: DemoAPI.blockingIORoutes(delay: ServerTests.delay))
            let port = try await server.start()
            await #expect(throws: HTTPError.alreadyStarted) { try await server.start() }
            server.stop()
            server.stop()
            #expect(server.port == nil)
            await #expect(throws: HTTPError.self) {
                try await HTTPClient.get("http://127.0.0.1:\(port)/health", timeout: .seconds(2))
            }
        }

        @Test func clientsReportTimeoutsAndBlockingClientWorks() async throws {
            try await ServerTests.withServer { _, base in
                await #expect(throws: HTTPError.timedOut) {
                    try await HTTPClient.get(
                        base + "/async-nonblocking", timeout: .milliseconds(100))
                }
                // The blocking client blocks its thread: a thread of its own, never one of the
                // cooperative pool that the server's handlers and other suites need.
                let timedOut = await Streaming.offThePool {
                    Result { try BlockingHTTPClient.get(base + "/async-nonblocking", timeout: .milliseconds(100)) }
                }
                #expect(throws: HTTPError.timedOut) { try timedOut.get() }
                let response = try await Streaming.offThePool {
                    Result { try BlockingHTTPClient.get(base.replacingLocalhost() + "/health", timeout: .seconds(120)) }
                }.get()
                #expect(response.status == 200)
            }
        }
    }
}

extension String {
    /// The same URL with `127.0.0.1` spelled `localhost`.
    fileprivate func replacingLocalhost() -> String {
        "http://localhost" + dropFirst("http://127.0.0.1".count)
    }
}
