/// A DNS server: answers a host name with an address, or throws.
typealias DNSServer = @Sendable (String) async throws -> String

/// What `resolveFirst` throws when no server answers.
struct NoAnswer: Error {
    let host: String
}

/// Asks every server at the same time and returns the first address one answers with.
func resolveFirst(_ host: String, servers: [DNSServer]) async throws -> String {
    try await withThrowingTaskGroup(of: String.self) { group in
        for server in servers {
            group.addTask { try await server(host) }
        }
        guard let first = try await group.next() else {
            throw NoAnswer(host: host)
        }
        return first
    }
}
