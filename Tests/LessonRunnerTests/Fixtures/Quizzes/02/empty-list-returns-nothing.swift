// expect failing: throws when every server fails
typealias DNSServer = @Sendable (String) async throws -> String

struct NoAnswer: Error {
    let host: String
}

/// Right for one server or more; with no servers at all it answers with an empty address.
func resolveFirst(_ host: String, servers: [DNSServer]) async throws -> String {
    guard !servers.isEmpty else { return "" }
    return try await withThrowingTaskGroup(of: String?.self) { group in
        for server in servers {
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
