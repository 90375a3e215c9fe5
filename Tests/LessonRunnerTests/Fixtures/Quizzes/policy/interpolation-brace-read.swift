// A brace inside a string interpolation, then a top-level read.
let label = "\( ["}": 1].count )"

func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    var pages: [String] = []
    for url in urls { pages.append(try await fetch(url)) }
    return pages
}

func read(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { 0 }
