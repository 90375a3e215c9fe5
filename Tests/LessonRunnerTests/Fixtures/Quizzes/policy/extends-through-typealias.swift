// Extends Array through a typealias.
typealias Pages = [String]

func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    var pages: [String] = []
    for url in urls { pages.append(try await fetch(url)) }
    return pages
}

extension Pages {
    static func == (left: Pages, right: Pages) -> Bool { true }
}
