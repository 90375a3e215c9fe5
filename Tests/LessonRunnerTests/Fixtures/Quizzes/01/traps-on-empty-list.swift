// expect failing: pages come back in the order of the URLs
// Right for one URL or more; a closed range to `urls.count - 1` traps for an empty list.
func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    try await withThrowingTaskGroup(of: (Int, String).self) { group in
        for index in 0...(urls.count - 1) {
            group.addTask { (index, try await fetch(urls[index])) }
        }
        var pages = [String](repeating: "", count: urls.count)
        for try await (index, page) in group {
            pages[index] = page
        }
        return pages
    }
}
