// expect failing: after an error, the other downloads are not awaited; pages come back in the order of the URLs
// (With no URLs at all it waits forever for a result that never comes.)
/// Throws as soon as a download fails, but the downloads run in unstructured tasks that
/// nobody cancels: they keep running after fetchAll has given up on them.
func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    let (results, continuation) = AsyncStream.makeStream(of: (Int, Result<String, any Error>).self)
    for (index, url) in urls.enumerated() {
        Task {
            do {
                continuation.yield((index, .success(try await fetch(url))))
            } catch {
                continuation.yield((index, .failure(error)))
            }
        }
    }
    var pages = [String](repeating: "", count: urls.count)
    var received = 0
    for await (index, result) in results {
        pages[index] = try result.get()
        received += 1
        if received == urls.count { break }
    }
    return pages
}
