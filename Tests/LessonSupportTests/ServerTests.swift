import LessonSupport
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

    /// Fires five requests at `path`, then asks `/health` 0.1 s later; returns how long
    /// `/health` took and the five completion times.
    static func healthDuring(_ path: String, base: String) async throws -> (Double, [Double]) {
        async let times = completionTimes(base + path)
        try await Task.sleep(for: .milliseconds(100))
        let stopwatch = Stopwatch()
        let health = try await HTTPClient.get(base + "/health", timeout: .seconds(10))
        #expect(health.status == 200)
        let healthSeconds = stopwatch.seconds
        return (healthSeconds, try await times)
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
        // The k-th response cannot come before k delays; the last comes near 5 delays.
        for (index, time) in times.enumerated() {
            #expect(time >= Double(index + 1) * Self.d - 0.03, "response \(index + 1) at \(time)")
        }
        #expect(times[0] < 2 * Self.d, "first response at \(times[0])")
        #expect(times[4] < 5 * Self.d + 1.0, "last response at \(times[4])")
    }

    @Test(arguments: ["/sync-threadpool", "/async-nonblocking", "/async-offloaded"])
    func nonBlockingHandlersOverlap(path: String) async throws {
        let times = try await Self.withServer { _, base in
            try await Self.completionTimes(base + path)
        }
        #expect(times[0] >= Self.d - 0.03, "\(path): first at \(times[0])")
        // Served together: all within a few delays, far from the 5 delays of a queue.
        #expect(times[4] < 3 * Self.d, "\(path): last at \(times[4]); all: \(times)")
    }

    @Test func healthStarvesWhileTheLoopIsBlocked() async throws {
        let (health, times) = try await Self.withServer { _, base in
            try await Self.healthDuring("/async-blocking", base: base)
        }
        #expect(health >= 2 * Self.d, "health took \(health)s; blocking times \(times)")
        #expect(times[4] >= 5 * Self.d - 0.03)
    }

    @Test(arguments: ["/sync-threadpool", "/async-nonblocking", "/async-offloaded"])
    func healthIsInstantOtherwise(path: String) async throws {
        let (health, times) = try await Self.withServer { _, base in
            try await Self.healthDuring(path, base: base)
        }
        #expect(health < 0.4, "\(path): health took \(health)s")
        #expect(times[4] < 3 * Self.d)
    }

    @Test func slowExternalAPIWithBlockingClientStarvesHealthCheck() async throws {
        let external = HTTPServer(routes: DemoAPI.externalAPIRoutes(delay: Self.delay))
        let externalPort = try await external.start()
        defer { external.stop() }
        let routes = DemoAPI.slowAPIRoutes(externalURL: "http://127.0.0.1:\(externalPort)/")
        try await Self.withServer(routes) { _, base in
            // Two requests, each calling the external API twice (2 delays each).
            async let blocking = Self.completionTimes(base + "/async-blocking", count: 2)
            try await Task.sleep(for: .milliseconds(100))
            let stopwatch = Stopwatch()
            _ = try await HTTPClient.get(base + "/healthcheck")
            let starved = stopwatch.seconds
            let blockingTimes = try await blocking
            #expect(blockingTimes[1] >= 4 * Self.d - 0.03, "\(blockingTimes)")
            #expect(starved >= 2 * Self.d, "healthcheck took \(starved)s")

            async let async = Self.completionTimes(base + "/all-async", count: 2)
            try await Task.sleep(for: .milliseconds(100))
            let again = Stopwatch()
            _ = try await HTTPClient.get(base + "/healthcheck")
            let instant = again.seconds
            let asyncTimes = try await async
            #expect(asyncTimes[1] < 3 * Self.d, "\(asyncTimes)")
            #expect(instant < 0.4, "healthcheck took \(instant)s")
        }
    }
}
