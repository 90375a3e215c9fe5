// expect failing: none
/// Another correct answer: children return Results, the loop skips failures.
typealias DNSServer = @Sendable (String) async throws -> String

enum ResolveError: Error {
    case nobodyAnswered
}

func resolveFirst(_ host: String, servers: [DNSServer]) async throws -> String {
    let address: String? = await withTaskGroup(of: Result<String, any Error>.self) { group in
        for server in servers {
            group.addTask {
                do { return .success(try await server(host)) } catch { return .failure(error) }
            }
        }
        while let result = await group.next() {
            if case .success(let address) = result {
                group.cancelAll()
                return address
            }
        }
        return nil
    }
    guard let address else { throw ResolveError.nobodyAnswered }
    return address
}
