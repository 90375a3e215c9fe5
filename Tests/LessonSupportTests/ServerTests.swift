import LessonSupport
import LoopbackTestSupport
import Synchronization
import Testing

/// Every test that starts a server runs in this suite, one at a time, so their timings do
/// not disturb each other.
@Suite(.serialized) struct ServerTests {
    /// The wait each demo endpoint makes.
    static let delay = Duration.milliseconds(300)
    /// `delay` in seconds.
    static let d = 0.3

    /// Starts a demo server on a free port, runs `body`, and stops the server.
    static func withServer<T>(
        _ routes: [HTTPRoute] = DemoAPI.blockingIORoutes(delay: delay),
        readTimeout: Duration = .seconds(10),
        _ body: (HTTPServer, String) async throws -> T
    ) async throws -> T {
        let server = HTTPServer(routes: routes, readTimeout: readTimeout)
        let port = try await server.start(port: 0)
        defer { server.stop() }
        return try await body(server, "http://127.0.0.1:\(port)")
    }

    /// Sends `count` concurrent GETs to `url` and returns when each completed (seconds,
    /// sorted), all answered with 200.
    static func completionTimes(_ url: String, count: Int = 5) async throws -> [Double] {
        let stopwatch = Stopwatch()
        return try await withThrowingTaskGroup(of: Double.self) { group in
            for _ in 0..<count {
                group.addTask {
                    let response = try await HTTPClient.get(url, timeout: .seconds(10))
                    #expect(response.status == 200)
                    #expect(response.body.count == 9 && response.body.hasSuffix("\n"))
                    return stopwatch.seconds
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }.sorted()
        }
    }

    /// `/slow` as the demo route `demoPath` runs it (on the loop and blocking it, on the
    /// pool, awaiting on the loop, or handed to a thread and awaited), except that it waits
    /// for `gate` to open instead of for a clock; `inFlight` counts the handlers waiting.
    static func gated(like demoPath: String, gate: Gate, inFlight: InFlight) -> HTTPRoute {
        @Sendable func held() -> HTTPResponse {
            inFlight.enter()
            gate.waitBlocking()
            inFlight.leave()
            return .text("done\n")
        }
        switch demoPath {
        case "/async-blocking": return .blockingAsync("/slow") { _ in held() }
        case "/sync-threadpool": return .threadPool("/slow") { _ in held() }
        case "/async-nonblocking":
            return .async("/slow") { _, _ in
                inFlight.enter()
                await gate.wait()
                inFlight.leave()
                return .text("done\n")
            }
        default: return .async("/slow") { _, _ in await ThreadPool.shared.run { held() } }
        }
    }

    /// Sends `count` concurrent GETs to `url`; returns once each got its 200.
    static func fetchAll(_ url: String, count: Int) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<count {
                group.addTask {
                    let response = try await HTTPClient.get(url, timeout: .seconds(120))
                    #expect(response.status == 200)
                }
            }
            try await group.waitForAll()
        }
    }

    /// GETs `url`, expects a 200, then calls `then`.
    static func fetch(_ url: String, then: @Sendable () -> Void) async throws {
        let response = try await HTTPClient.get(url, timeout: .seconds(120))
        #expect(response.status == 200)
        then()
    }

    /// What happened, in the order it happened.
    final class Events: Sendable {
        private let list = Mutex<[String]>([])
        func add(_ event: String) { list.withLock { $0.append(event) } }
        var all: [String] { list.withLock { $0 } }
    }

    @Test func prefixRoutesAnswerLongerPathsAndHandlersSeeTheClientAddress() async throws {
        let routes: [HTTPRoute] = [
            .async("/items/*") { request, _ in .text("item \(request.path) from \(request.remoteAddress)\n") },
            .async("/items/special") { _, _ in .text("special\n") },
            .async("/items/deep/*") { request, _ in .text("deep \(request.path)\n") },
        ]
        try await Self.withServer(routes) { _, base in
            let item = try await HTTPClient.get(base + "/items/42")
            #expect(item.status == 200)
            #expect(item.body.hasPrefix("item /items/42 from 127.0.0.1:"))
            #expect(Int(item.body.split(separator: ":").last!.dropLast()) != nil)
            #expect(try await HTTPClient.get(base + "/items/special").body == "special\n")
            #expect(try await HTTPClient.get(base + "/items/deep/x").body == "deep /items/deep/x\n")
            #expect(try await HTTPClient.get(base + "/items/").status == 404)
            #expect(try await HTTPClient.get(base + "/items").status == 404)
        }
    }

    @Test func blockingHandlerServesFiveRequestsOneAtATime() async throws {
        let times = try await Self.withServer { _, base in
            try await Self.completionTimes(base + "/async-blocking")
        }
        // The k-th response cannot come before k delays, however fast or slow the machine.
        for (index, time) in times.enumerated() {
            #expect(time >= Double(index + 1) * Self.d - 0.03, "response \(index + 1) at \(time)")
        }
    }

    @Test(arguments: ["/sync-threadpool", "/async-nonblocking", "/async-offloaded"])
    func nonBlockingHandlersOverlap(path: String) async throws {
        // The demo route answers, and not before its delay.
        let times = try await Self.withServer { _, base in try await Self.completionTimes(base + path) }
        #expect(times[0] >= Self.d - 0.03, "\(path): first at \(times[0])")
        // The same kind of handler, held by a gate: all five are in progress at once before
        // the gate opens, a count no queue could reach.
        let gate = Gate()
        let inFlight = InFlight()
        try await Self.withServer([Self.gated(like: path, gate: gate, inFlight: inFlight)]) { _, base in
            async let all: Void = Self.fetchAll(base + "/slow", count: 5)
            let overlapped = await eventually { inFlight.now == 5 }
            gate.open()
            try await all
            #expect(overlapped, "\(path): at most \(inFlight.peak) in progress at once")
        }
        #expect(inFlight.peak == 5)
    }

    @Test func healthStarvesWhileTheLoopIsBlocked() async throws {
        let gate = Gate()
        let inFlight = InFlight()
        let events = Events()
        let routes =
            [Self.gated(like: "/async-blocking", gate: gate, inFlight: inFlight)]
            + DemoAPI.blockingIORoutes(delay: Self.delay)
        try await Self.withServer(routes) { _, base in
            async let slow: Void = Self.fetchAll(base + "/slow", count: 1)
            #expect(await eventually { inFlight.now == 1 })
            async let health: Void = Self.fetch(base + "/health", then: { events.add("health") })
            // However long this wait, /health cannot answer while the loop is held.
            try await Task.sleep(for: .milliseconds(300))
            events.add("opened")
            gate.open()
            try await slow
            try await health
        }
        #expect(events.all == ["opened", "health"])
    }

    @Test(arguments: ["/sync-threadpool", "/async-nonblocking", "/async-offloaded"])
    func healthIsInstantOtherwise(path: String) async throws {
        let gate = Gate()
        let inFlight = InFlight()
        let routes =
            [Self.gated(like: path, gate: gate, inFlight: inFlight)] + DemoAPI.blockingIORoutes(delay: Self.delay)
        try await Self.withServer(routes) { _, base in
            async let slow: Void = Self.fetchAll(base + "/slow", count: 5)
            #expect(await eventually { inFlight.now == 5 })
            // Answered while all five are held: nothing made it wait for them.
            let health = try await HTTPClient.get(base + "/health", timeout: .seconds(120))
            #expect(health.status == 200)
            #expect(inFlight.now == 5 && !gate.isOpen)
            gate.open()
            try await slow
        }
    }

    @Test func slowExternalAPIWithBlockingClientStarvesHealthCheck() async throws {
        // The external API answers when the test opens its gate, not after a delay.
        var gate = Gate()
        let calls = InFlight()
        let currentGate = Mutex(gate)
        let external = HTTPServer(routes: [
            .async("/") { _, _ in
                calls.enter()
                await currentGate.withLock { $0 }.wait()
                calls.leave()
                return .json("{\"message\":\"signed\"}\n")
            }
        ])
        let externalPort = try await external.start()
        defer { external.stop() }
        let routes = DemoAPI.slowAPIRoutes(externalURL: "http://127.0.0.1:\(externalPort)/")
        try await Self.withServer(routes) { _, base in
            // A blocking client holds the loop while the external call waits: the health check
            // answers only after the gate opens.
            let events = Events()
            async let blocking: Void = Self.fetchAll(base + "/async-blocking", count: 1)
            #expect(await eventually { calls.now == 1 })
            async let health: Void = Self.fetch(base + "/healthcheck", then: { events.add("healthcheck") })
            try await Task.sleep(for: .milliseconds(300))
            events.add("opened")
            gate.open()
            try await blocking
            try await health
            #expect(events.all == ["opened", "healthcheck"])

            // An async client: both requests wait on the external API at once, and the health
            // check answers meanwhile.
            gate = Gate()
            currentGate.withLock { $0 = gate }
            async let overlapping: Void = Self.fetchAll(base + "/all-async", count: 2)
            #expect(await eventually { calls.now == 2 }, "at most \(calls.peak) external calls at once")
            #expect(try await HTTPClient.get(base + "/healthcheck", timeout: .seconds(120)).status == 200)
            #expect(calls.now == 2 && !gate.isOpen)
            gate.open()
            try await overlapping
        }
    }
}
