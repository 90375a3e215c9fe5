// expect failing: none
/// Another correct answer: results keyed by index, read back in order.
func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    var byIndex: [Int: String] = [:]
    try await withThrowingTaskGroup(of: (Int, String).self) { group in
        for index in urls.indices {
            let url = urls[index]
            group.addTask { (index, try await fetch(url)) }
        }
        while let (index, page) = try await group.next() {
            byIndex[index] = page
        }
    }
    return urls.indices.map { byIndex[$0]! }
}
