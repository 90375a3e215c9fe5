// expect failing: downloads run at the same time
// expect message: downloads run at the same time: at most 64 downloads ran at the same time
/// Keeps at most 64 downloads in flight (a sliding window): all at once for any list a
/// grade used to draw, but not for a longer one.
func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    try await withThrowingTaskGroup(of: (Int, String).self) { group in
        var pages = [String](repeating: "", count: urls.count)
        var next = 0
        while next < min(64, urls.count) {
            let index = next
            group.addTask { (index, try await fetch(urls[index])) }
            next += 1
        }
        for try await (index, page) in group {
            pages[index] = page
            if next < urls.count {
                let index = next
                group.addTask { (index, try await fetch(urls[index])) }
                next += 1
            }
        }
        return pages
    }
}
