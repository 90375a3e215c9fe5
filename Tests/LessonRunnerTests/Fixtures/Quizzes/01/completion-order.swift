// expect failing: pages come back in the order of the URLs
/// Concurrent, but returns pages in the order they finish.
func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    try await withThrowingTaskGroup(of: String.self) { group in
        for url in urls {
            group.addTask { try await fetch(url) }
        }
        var pages: [String] = []
        for try await page in group {
            pages.append(page)
        }
        return pages
    }
}
