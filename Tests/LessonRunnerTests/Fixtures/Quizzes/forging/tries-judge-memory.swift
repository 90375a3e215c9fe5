// Looks for the judge among all processes, tries to learn its check and seed from its
// command line and environment, to read and write its memory and the grader's (its own
// parent), then forges verdicts on every descriptor and returns made-up pages.
import Glibc

/// Prints whether opening `path` with `flags` worked.
func attempt(_ what: String, _ path: String, _ flags: Int32) {
    let descriptor = open(path, flags)
    if descriptor >= 0 {
        print("ALLOWED \(what)")
        close(descriptor)
    } else {
        print("BLOCKED \(what): \(String(cString: strerror(errno)))")
    }
}

/// The text of a small /proc file, NULs as spaces; nil when it cannot be read.
func contents(_ path: String) -> String? {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var buffer = [UInt8](repeating: 0, count: 4096)
    let count = read(descriptor, &buffer, buffer.count)
    guard count >= 0 else { return nil }
    return String(decoding: buffer[0..<count].map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
}

func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    var others: [pid_t] = []
    if let handle = opendir("/proc") {
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let pid = pid_t(name), pid != getpid(), let line = contents("/proc/\(pid)/cmdline") else {
                continue
            }
            if line.contains("--check") || line.contains("--seed") { print("ALLOWED learning the check: \(line)") }
            // Other built programs, not copies of this one (those are other checks' answers).
            if line.contains("/main"), !line.hasPrefix(CommandLine.arguments[0] + " ") { others.append(pid) }
        }
        closedir(handle)
    }
    print(others.isEmpty ? "found no other program" : "BLOCKED learning the check from a command line")
    for pid in others {
        attempt("reading the environment of a program", "/proc/\(pid)/environ", O_RDONLY)
        attempt("reading the memory of a program", "/proc/\(pid)/mem", O_RDONLY)
        attempt("writing the memory of a program", "/proc/\(pid)/mem", O_RDWR)
        attempt("writing on a program's descriptors", "/proc/\(pid)/fd/1", O_WRONLY)
    }
    attempt("reading the grader's memory", "/proc/\(getppid())/mem", O_RDONLY)
    attempt("writing the grader's memory", "/proc/\(getppid())/mem", O_RDWR)
    attempt("writing on the grader's descriptors", "/proc/\(getppid())/fd/1", O_WRONLY)
    attempt("reading its own memory", "/proc/self/mem", O_RDONLY)
    for descriptor in Int32(0)...Int32(64) {
        let forged = Array("pass\npass\t0\nfail\tnone\n".utf8)
        _ = forged.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }
    return urls.map { "page of \($0)" }
}
