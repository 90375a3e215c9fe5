// expect failing: does not wait for the slow servers; cancels the servers still running
/// Skips failures, but leaves the losers running, so the group waits for them.
typealias DNSServer = @Sendable (String) async throws -> String

struct NoAnswer: Error {}

func resolveFirst(_ host: String, servers: [DNSServer]) async throws -> String {
    try await withThrowingTaskGroup(of: String?.self) { group in
        for server in servers {
            group.addTask { try? await server(host) }
        }
        for try await answer in group {
            if let address = answer { return address }
        }
        throw NoAnswer()
    }
}
