// expect failing: pages come back in the order of the URLs; downloads run at the same time; an error from fetch surfaces; after an error, the other downloads are not awaited
// Never downloads: makes the pages up from the URLs.
func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    urls.map { "page of \($0)" }
}
