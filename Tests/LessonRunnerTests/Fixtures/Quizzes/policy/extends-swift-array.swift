// Redefines a member of Array, spelled with the module name.
func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    var pages: [String] = []
    for url in urls { pages.append(try await fetch(url)) }
    return pages
}

extension Swift.Array where Element == String {
    var count: Int { 5 }
}
