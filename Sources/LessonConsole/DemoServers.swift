import LessonCore
import LessonSupport

/// The server demos of `lesson demo`: each prints its banner (the address and what to try)
/// and serves until Ctrl-C. Throws when its port cannot be bound.
package enum DemoServers {
    /// Five endpoints doing the same wait five ways, on `port`, each waiting `delay` seconds.
    package static func blockingIO(port wanted: Int, delay seconds: Double) async throws {
        let delay = Duration.milliseconds(Int64((seconds * 1000).rounded()))
        let server = HTTPServer(
            routes: DemoAPI.blockingIORoutes(delay: delay), threadPoolWidth: 16,
            log: { writeStandardOutput($0 + "\n") })
        let port = try await server.start(port: wanted)
        writeStandardOutput(
            """
            blocking-I/O demo on http://127.0.0.1:\(port) (each endpoint waits \
            \(Stopwatch.format(seconds: seconds))); Ctrl-C stops
              /async-blocking     blocking sleep on the event loop: requests queue up
              /sync-threadpool    blocking sleep on a thread pool: requests overlap
              /async-nonblocking  Task.sleep: requests overlap
              /async-offloaded    blocking sleep handed to a thread and awaited: requests overlap
              /health             instant, unless the event loop is blocked
            try: for i in 1 2 3 4 5; do curl -s localhost:\(port)/async-blocking & done; wait

            """)
        await Terminal.waitForInterrupt()
        server.stop()
        writeStandardOutput("stopped\n")
    }

    /// An app on `port` calling an external API (on a free port) that takes `delay` seconds
    /// a call, with a blocking and with an async client.
    package static func slowAPI(port wanted: Int, delay seconds: Double) async throws {
        let delay = Duration.milliseconds(Int64((seconds * 1000).rounded()))
        let say: @Sendable (String) -> Void = { writeStandardOutput("\(TimeOfDay.now()) \($0)\n") }
        let external = HTTPServer(routes: DemoAPI.externalAPIRoutes(delay: delay))
        let externalPort = try await external.start(port: 0)
        let app = HTTPServer(
            routes: DemoAPI.slowAPIRoutes(
                externalURL: "http://127.0.0.1:\(externalPort)/", log: say),
            log: { writeStandardOutput($0 + "\n") })
        let port: Int
        do {
            port = try await app.start(port: wanted)
        } catch {
            external.stop()
            throw error
        }
        writeStandardOutput(
            """
            slow-API demo on http://127.0.0.1:\(port); the external API \
            (http://127.0.0.1:\(externalPort)/) takes \(Stopwatch.format(seconds: seconds)) \
            per call, each request calls it twice; Ctrl-C stops
              /async-blocking  blocking client inside an async handler: everything waits
              /all-async       async client: requests overlap
              /healthcheck     instant, unless the event loop is blocked
            try: curl -s localhost:\(port)/async-blocking & sleep 0.2; \
            time curl -s localhost:\(port)/healthcheck; wait

            """)
        await Terminal.waitForInterrupt()
        app.stop()
        external.stop()
        writeStandardOutput("stopped\n")
    }
}
