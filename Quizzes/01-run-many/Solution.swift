/// Downloads every URL with `fetch` and returns the pages in the order of `urls`.
/// Throws the first error `fetch` throws.
func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    try await withThrowingTaskGroup(of: (Int, String).self) { group in
        for (index, url) in urls.enumerated() {
            group.addTask { (index, try await fetch(url)) }
        }
        // Pages arrive in the order they finish; each goes back to its URL's place.
        // The first error leaves the group, which cancels the downloads still running.
        var pages = [String](repeating: "", count: urls.count)
        for try await (index, page) in group {
            pages[index] = page
        }
        return pages
    }
}
