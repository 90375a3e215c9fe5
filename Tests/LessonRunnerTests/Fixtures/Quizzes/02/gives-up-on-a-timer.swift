// expect failing: skips servers that fail; throws when every server fails
// expect message: throws when every server fails: after the last server failed
// A learner's answer with a watchdog child: when no address came within a second, it gives
// up. It returns the right thing, but when every server fails it throws only when the
// watchdog fires, not when the last server has failed.
typealias DNSServer = @Sendable (String) async throws -> String

struct NoAnswer: Error {
    let host: String
}

func resolveFirst(_ host: String, servers: [DNSServer]) async throws -> String {
    try await withThrowingTaskGroup(of: String?.self) { group in
        for server in servers {
            group.addTask { try? await server(host) }
        }
        group.addTask {
            try await Task.sleep(for: .seconds(1))
            throw NoAnswer(host: host)
        }
        var failed = 0
        for try await answer in group {
            if let address = answer {
                group.cancelAll()
                return address
            }
            failed += 1
            if failed == servers.count && servers.isEmpty { break }
        }
        throw NoAnswer(host: host)
    }
}
