// expect failing: downloads run at the same time
/// Downloads at most five pages at a time: a longer list waits for one batch before the next.
func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    var pages: [String] = []
    for start in stride(from: 0, to: urls.count, by: 5) {
        let batch = Array(urls[start..<min(start + 5, urls.count)])
        let fetched = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for (index, url) in batch.enumerated() {
                group.addTask { (index, try await fetch(url)) }
            }
            var fetched = [String](repeating: "", count: batch.count)
            for try await (index, page) in group {
                fetched[index] = page
            }
            return fetched
        }
        pages += fetched
    }
    return pages
}
