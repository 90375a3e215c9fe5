// expect failing: an error from fetch surfaces; after an error, the other downloads are not awaited
/// Concurrent and in order, but a failed download becomes an empty page.
func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    await withTaskGroup(of: (Int, String).self) { group in
        for (index, url) in urls.enumerated() {
            group.addTask { (index, (try? await fetch(url)) ?? "") }
        }
        var pages = [String](repeating: "", count: urls.count)
        for await (index, page) in group {
            pages[index] = page
        }
        return pages
    }
}
