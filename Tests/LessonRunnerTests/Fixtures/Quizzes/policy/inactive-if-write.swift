// Unbalanced braces in a block the compiler never parses, then a top-level write.
#if compiler(>=99)
this is never parsed {{{
#endif

func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    var pages: [String] = []
    for url in urls { pages.append(try await fetch(url)) }
    return pages
}

func write(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int { count }
