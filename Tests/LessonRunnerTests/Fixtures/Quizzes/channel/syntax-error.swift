func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    let pages: [String] =
}
