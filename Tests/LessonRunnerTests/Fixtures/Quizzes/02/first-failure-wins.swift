// expect failing: skips servers that fail
/// Cancels the losers, but the first server to finish wins even when it failed.
typealias DNSServer = @Sendable (String) async throws -> String

struct NoAnswer: Error {}

func resolveFirst(_ host: String, servers: [DNSServer]) async throws -> String {
    try await withThrowingTaskGroup(of: String.self) { group in
        for server in servers {
            group.addTask { try await server(host) }
        }
        guard let first = try await group.next() else { throw NoAnswer() }
        group.cancelAll()
        return first
    }
}
