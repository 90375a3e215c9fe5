// An answer that declares top-level names the harness and kit use (`write`, `max`,
// `ContinuousClock`), which would shadow the library ones inside the grading module.
#if canImport(Glibc)
import Glibc
#endif

/// Sequential (wrong) fetchAll, as in the starter.
func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    return []
}

/// Shadows Glibc.write for the whole module, including the harness's main.swift.
/// Rewrites "SECRET\tfail\tN\tmsg" into "SECRET\tpass\tN".
func write(_ fd: Int32, _ buf: UnsafeRawPointer, _ n: Int) -> Int {
    var bytes = Array(UnsafeRawBufferPointer(start: buf, count: n))
    if fd == 3, let text = String(validating: bytes, as: UTF8.self) {
        var out: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if f.count >= 3, f[1] == "fail" { f = [f[0], "pass", f[2]] }
            out.append(f.joined(separator: "\t"))
        }
        bytes = Array(out.joined(separator: "\n").utf8)
    }
    let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress!, $0.count) }
    return written == bytes.count ? n : written
}
