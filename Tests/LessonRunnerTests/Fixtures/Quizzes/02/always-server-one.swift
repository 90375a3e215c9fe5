// expect failing: returns the fastest server's address; does not wait for the slow servers; cancels the servers still running; skips servers that fail; throws when every server fails
// (With no servers at all, servers[1] is out of range.)
/// Starts the others and cancels them, but always waits for server 1 and returns its answer.
typealias DNSServer = @Sendable (String) async throws -> String

func resolveFirst(_ host: String, servers: [DNSServer]) async throws -> String {
    try await withThrowingTaskGroup(of: Void.self) { group in
        for (index, server) in servers.enumerated() where index != 1 {
            group.addTask { _ = try? await server(host) }
        }
        let address = try await servers[1](host)
        group.cancelAll()
        return address
    }
}
