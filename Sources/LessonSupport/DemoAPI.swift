import Glibc

/// The routes of the two server demos (`lesson demo server` and `lesson demo slow-api`).
///
/// Every demo endpoint answers with the local time it finished, `HH:MM:SS` and a newline,
/// so five concurrent `curl`s show at a glance whether they were served together or one
/// after another.
public enum DemoAPI {
    /// The blocking-I/O demo: the same wait (`delay`) done five ways.
    ///
    /// - `/async-blocking`: blocking sleep on the event loop; concurrent requests finish one
    ///   `delay` apart and `/health` waits for all of them.
    /// - `/sync-threadpool`: blocking sleep on a thread-pool thread; requests overlap.
    /// - `/async-nonblocking`: `Task.sleep` on the loop; requests overlap.
    /// - `/async-offloaded`: the blocking sleep handed to `ThreadPool.shared` and awaited;
    ///   requests overlap.
    /// - `/health`: answers at once unless something blocks the loop.
    public static func blockingIORoutes(delay: Duration) -> [HTTPRoute] {
        [
            .blockingAsync("/async-blocking") { _ in
                blockingSleep(delay)
                return finishedNow()
            },
            .threadPool("/sync-threadpool") { _ in
                blockingSleep(delay)
                return finishedNow()
            },
            .async("/async-nonblocking") { _, _ in
                try? await Task.sleep(for: delay)
                return finishedNow()
            },
            .async("/async-offloaded") { _, _ in
                await ThreadPool.shared.run { blockingSleep(delay) }
                return finishedNow()
            },
            .async("/health") { _, _ in finishedNow() },
        ]
    }

    /// The fake external API of the second story: `GET /` takes `delay`, then answers.
    public static func externalAPIRoutes(delay: Duration) -> [HTTPRoute] {
        [
            .async("/") { _, _ in
                try? await Task.sleep(for: delay)
                return .json("{\"message\":\"signed\"}\n")
            }
        ]
    }

    /// The app of the second story, which calls `externalURL` twice per request.
    ///
    /// - `/async-blocking`: calls it with `BlockingHTTPClient` on the event loop, so every
    ///   request, `/healthcheck` included, waits behind the one in progress.
    /// - `/all-async`: calls it with `HTTPClient`, so requests overlap and `/healthcheck`
    ///   answers at once.
    /// - `/healthcheck`: `{"status":"ok"}`.
    ///
    /// `log` receives progress lines such as `3f2a9c1e: started processing`.
    public static func slowAPIRoutes(
        externalURL: String, log: @escaping @Sendable (String) -> Void = { _ in }
    ) -> [HTTPRoute] {
        [
            .blockingAsync("/async-blocking") { request in
                log("\(request.id): started processing")
                for operation in 1...2 {
                    let result = outcome { try BlockingHTTPClient.get(externalURL) }
                    log("\(request.id) \(operation): \(result)")
                }
                log("\(request.id): finished!")
                return finishedNow()
            },
            .async("/all-async") { request, _ in
                log("\(request.id): started processing")
                for operation in 1...2 {
                    let result: String
                    do {
                        result = "\(try await HTTPClient.get(externalURL).status)"
                    } catch {
                        result = "error \(error)"
                    }
                    log("\(request.id) \(operation): \(result)")
                }
                log("\(request.id): finished!")
                return finishedNow()
            },
            .async("/healthcheck") { _, _ in .json("{\"status\":\"ok\"}\n") },
        ]
    }

    /// Blocks the calling thread for `duration` (what `time.sleep` does in Python).
    public static func blockingSleep(_ duration: Duration) {
        let parts = duration.components
        var request = timespec(
            tv_sec: Int(parts.seconds), tv_nsec: Int(parts.attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0, errno == EINTR { request = remaining }
    }

    /// A `text/plain` response holding the current time, `HH:MM:SS\n`.
    public static func finishedNow() -> HTTPResponse {
        .text(TimeOfDay.now() + "\n")
    }

    private static func outcome(_ call: () throws -> (status: Int, body: String)) -> String {
        do {
            return "\(try call().status)"
        } catch {
            return "error \(error)"
        }
    }
}
