/// A DNS server: answers a host name with an address, or throws.
typealias DNSServer = @Sendable (String) async throws -> String

/// What `resolveFirst` throws when no server answers.
struct NoAnswer: Error {
    let host: String
}

/// Asks every server at the same time and returns the first address one answers with.
/// Servers that fail are skipped; the others are cancelled once an address is known.
func resolveFirst(_ host: String, servers: [DNSServer]) async throws -> String {
    try await withThrowingTaskGroup(of: String?.self) { group in
        for server in servers {
            // A failure becomes nil, so it cannot end the race.
            group.addTask { try? await server(host) }
        }
        for try await answer in group {
            if let address = answer {
                group.cancelAll()
                return address
            }
        }
        throw NoAnswer(host: host)
    }
}
