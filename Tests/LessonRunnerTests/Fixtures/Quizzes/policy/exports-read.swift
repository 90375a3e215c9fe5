// An answer that exports its own C `read`, so the harness's read of the secret would land
// here instead of in the C library.
@_cdecl("read")
func read(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    0
}

func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    []
}
