// A regex literal with a brace in it, then a top-level write: a tokenizer that counts the
// brace thinks write is nested.
func braces(in text: String) -> Int { text.matches(of: /\{+/).count }

func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    var pages: [String] = []
    for url in urls { pages.append(try await fetch(url)) }
    return pages
}

func write(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int { count }
