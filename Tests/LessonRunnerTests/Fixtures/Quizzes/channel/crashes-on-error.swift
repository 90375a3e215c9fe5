// Right when every download succeeds; traps when one fails.
func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    try await withThrowingTaskGroup(of: (Int, String?).self) { group in
        for (index, url) in urls.enumerated() {
            group.addTask { (index, try? await fetch(url)) }
        }
        var pages = [String](repeating: "", count: urls.count)
        for try await (index, page) in group {
            pages[index] = page!
        }
        return pages
    }
}
