// Quiz 01, the answer's side: the judge asks for a list of URLs, and every download goes
// back to the judge's fake network.

/// Serves one request of the judge: downloads its URLs with the answer's `fetchAll`.
func quizAdapter(_ kind: String, _ arguments: [String]) async throws -> [String] {
    try await fetchAll(arguments) { url in
        try await JudgeLink.shared.call("fetch", [url]).first ?? ""
    }
}
