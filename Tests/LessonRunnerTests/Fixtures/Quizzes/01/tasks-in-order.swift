// expect failing: after an error, the other downloads are not awaited
/// Starts every download as an unstructured task, then awaits them in the order of the URLs:
/// a failure is noticed only once every download before it has ended, and nothing is
/// cancelled.
func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    let tasks = urls.map { url in Task { try await fetch(url) } }
    var pages: [String] = []
    for task in tasks {
        pages.append(try await task.value)
    }
    return pages
}
