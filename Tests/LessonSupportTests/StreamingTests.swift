import Foundation
import LessonSupport
import LoopbackTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ServerTests {
    /// Streamed responses, the fallback handler and the body cap.
    @Suite struct Streaming {
        /// A route that sends a head and its first part, then waits until `seen` opens (the
        /// client read that part), then sends the rest and ends.
        static func ticking(parts: Int, seen: Gate) -> HTTPRoute {
            .streaming("/ticks") { _, stream in
                Task {
                    stream.begin(HTTPResponse(headers: [HTTPHeader("Content-Type", "text/plain")]))
                    for index in 0..<parts {
                        if !stream.send("tick \(index)\n") { return }
                        if index == 0 { await seen.wait() }
                    }
                    stream.finish()
                }
            }
        }

        /// Runs blocking socket calls on a thread of their own, never on the cooperative pool.
        static func offThePool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
            await withCheckedContinuation { continuation in
                Thread { continuation.resume(returning: body()) }.start()
            }
        }

        @Test func partsArriveAsTheyAreSentAndTheBodyEndsWithTheConnection() async throws {
            let firstSeen = Gate()
            try await ServerTests.withServer([Self.ticking(parts: 3, seen: firstSeen)]) { server, _ in
                let socket = try TestSocket(port: server.port!)
                socket.send("GET /ticks HTTP/1.1\r\nHost: x\r\n\r\n")
                // Read on a thread of its own: the route's task needs the cooperative pool.
                let fd = socket.fd
                let (seen, laterBeforeFirst) = await Self.offThePool { () -> (String, Bool) in
                    var seen = ""
                    var laterBeforeFirst = false
                    var buffer = [UInt8](repeating: 0, count: 4096)
                    while true {
                        let count = recv(fd, &buffer, buffer.count, 0)
                        if count <= 0 { break }
                        seen += String(decoding: buffer[0..<count], as: UTF8.self)
                        if !firstSeen.isOpen, seen.contains("tick 0\n") {
                            laterBeforeFirst = seen.contains("tick 1")
                            firstSeen.open()
                        }
                    }
                    return (seen, laterBeforeFirst)
                }
                withExtendedLifetime(socket) {}
                #expect(seen.hasPrefix("HTTP/1.1 200 OK\r\n"))
                #expect(seen.contains("Connection: close\r\n"))
                #expect(!seen.contains("Content-Length"))
                #expect(seen.hasSuffix("\r\n\r\ntick 0\ntick 1\ntick 2\n"))
                // The first part reached the client while the route still held back the next
                // ones (they are sent only once the client has read it): nothing waited for the end.
                #expect(firstSeen.isOpen && !laterBeforeFirst)
            }
        }

        @Test func aClientThatGoesAwayIsNoticedAndLaterPartsAreRefused() async throws {
            let refused = Flag()
            let closed = Flag()
            let route = HTTPRoute.streaming("/forever") { _, stream in
                stream.onClose { closed.set() }
                Task {
                    stream.begin(HTTPResponse())
                    for _ in 0..<100 {
                        if !stream.send("x\n") {
                            refused.set()
                            return
                        }
                        try? await Task.sleep(for: .milliseconds(50))
                    }
                }
            }
            try await ServerTests.withServer([route, .threadPool("/health") { _ in .text("ok\n") }]) {
                server, base in
                do {
                    let socket = try TestSocket(port: server.port!)
                    socket.send("GET /forever HTTP/1.1\r\nHost: x\r\n\r\n")
                    let fd = socket.fd
                    let received = await Self.offThePool { () -> Int in
                        var buffer = [UInt8](repeating: 0, count: 4096)
                        return recv(fd, &buffer, buffer.count, 0)
                    }
                    #expect(received > 0)
                    withExtendedLifetime(socket) {}
                }
                _ = await eventually { refused.value }
                #expect(closed.value)
                #expect(refused.value)
                #expect(try await HTTPClient.get(base + "/health").status == 200)
            }
        }

        @Test func theFallbackAnswersUnroutedPathsAndBodiesOverTheCapGet413() async throws {
            let server = HTTPServer(
                routes: [], maxBody: 100,
                fallback: .threadPool { request in .text("fallback \(request.path)\n") })
            let port = try await server.start(port: 0)
            defer { server.stop() }
            let response = try await HTTPClient.get("http://127.0.0.1:\(port)/any/where")
            #expect(response.status == 200 && response.body == "fallback /any/where\n")
            let socket = try TestSocket(port: port)
            let body = String(repeating: "a", count: 101)
            socket.send("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n\(body)")
            #expect(socket.readToEnd().text.hasPrefix("HTTP/1.1 413 "))
            #expect(try await HTTPClient.get("http://127.0.0.1:\(port)/again").status == 200)
        }
    }
}

/// A flag set from any thread.
final class Flag: Sendable {
    private let state = Mutex(false)
    /// Sets the flag.
    func set() { state.withLock { $0 = true } }
    /// Whether the flag is set.
    var value: Bool { state.withLock { $0 } }
}
