// expect failing: downloads run at the same time
// Downloads ten at a time, in order: fine for a short list, slow for a long one.
func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    var pages: [String] = []
    var start = 0
    while start < urls.count {
        let batch = Array(urls[start..<min(start + 10, urls.count)])
        let fetched = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for (index, url) in batch.enumerated() {
                group.addTask { (index, try await fetch(url)) }
            }
            var pages = [String](repeating: "", count: batch.count)
            for try await (index, page) in group { pages[index] = page }
            return pages
        }
        pages += fetched
        start += 10
    }
    return pages
}
