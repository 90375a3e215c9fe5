// Declares an operator, and an operator function at the top level.
infix operator ~~~: ComparisonPrecedence

func ~~~ (left: Int, right: Int) -> Bool { true }

func == (left: [String], right: [String]) -> Bool { true }

func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    var pages: [String] = []
    for url in urls { pages.append(try await fetch(url)) }
    return pages
}
