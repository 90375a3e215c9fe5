// expect failing: throws when every server fails
/// Right in every way except that no answer at all comes back as an empty address.
typealias DNSServer = @Sendable (String) async throws -> String

func resolveFirst(_ host: String, servers: [DNSServer]) async throws -> String {
    await withTaskGroup(of: String?.self) { group in
        for server in servers {
            group.addTask { try? await server(host) }
        }
        for await answer in group {
            if let address = answer {
                group.cancelAll()
                return address
            }
        }
        return ""
    }
}
