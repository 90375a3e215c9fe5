/// Downloads every URL with `fetch` and returns the pages in the order of `urls`.
/// Throws the first error `fetch` throws.
func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    var pages: [String] = []
    for url in urls {
        pages.append(try await fetch(url))
    }
    return pages
}
