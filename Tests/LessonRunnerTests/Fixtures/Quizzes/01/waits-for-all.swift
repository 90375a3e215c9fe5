// expect failing: after an error, the other downloads are not awaited
/// Concurrent and in order, and it throws, but only after every download has ended.
func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    let results = await withTaskGroup(of: (Int, Result<String, any Error>).self) { group in
        for (index, url) in urls.enumerated() {
            group.addTask {
                do { return (index, .success(try await fetch(url))) } catch { return (index, .failure(error)) }
            }
        }
        var results = [Result<String, any Error>?](repeating: nil, count: urls.count)
        for await (index, result) in group {
            results[index] = result
        }
        return results
    }
    return try results.map { try $0!.get() }
}
