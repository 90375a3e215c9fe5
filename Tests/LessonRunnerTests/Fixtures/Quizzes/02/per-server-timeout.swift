// expect failing: skips servers that fail
// expect message: skips servers that fail: the fastest server that answers
// A learner's answer that gives each server half a second ("a DNS server slower than that
// is as good as down"), so a good server that answers later is dropped.
typealias DNSServer = @Sendable (String) async throws -> String

struct NoAnswer: Error {
    let host: String
}

struct TooSlow: Error {}

func resolveFirst(_ host: String, servers: [DNSServer]) async throws -> String {
    try await withThrowingTaskGroup(of: String?.self) { group in
        for server in servers {
            group.addTask {
                try? await withThrowingTaskGroup(of: String.self) { race in
                    race.addTask { try await server(host) }
                    race.addTask {
                        try await Task.sleep(for: .milliseconds(500))
                        throw TooSlow()
                    }
                    defer { race.cancelAll() }
                    return try await race.next()!
                }
            }
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
