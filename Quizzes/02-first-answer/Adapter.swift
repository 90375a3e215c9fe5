// Quiz 02, the answer's side: the judge names a host and how many servers there are; every
// question to a server goes back to the judge's fake servers.

/// Serves one request of the judge: resolves its host with the answer's `resolveFirst`.
func quizAdapter(_ kind: String, _ arguments: [String]) async throws -> [String] {
    let host = arguments.first ?? ""
    let count = arguments.count > 1 ? Int(arguments[1]) ?? 0 : 0
    let servers: [DNSServer] = (0..<count).map { index in
        { name in try await JudgeLink.shared.call("ask", [String(index), name]).first ?? "" }
    }
    return [try await resolveFirst(host, servers: servers)]
}
