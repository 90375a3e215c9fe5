// Tries to trace the judge (found among all processes) and the grader (its parent), read
// their memory with process_vm_readv and signal them, kill every process it may, then
// kills its own process group: itself.
import Glibc

typealias PtraceFunction = @convention(c) (Int32, pid_t, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> Int
typealias ReadvFunction =
    @convention(c) (pid_t, UnsafePointer<iovec>?, UInt, UnsafePointer<iovec>?, UInt, UInt) -> Int

/// Prints whether `result` says the call worked.
func report(_ what: String, _ result: Int) {
    print(result >= 0 ? "ALLOWED \(what)" : "BLOCKED \(what): \(String(cString: strerror(errno)))")
}

/// Every process whose command line names another built program (`…/main`): the judges.
func judges() -> [pid_t] {
    var found: [pid_t] = []
    guard let handle = opendir("/proc") else { return [] }
    defer { closedir(handle) }
    while let entry = readdir(handle) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        guard let pid = pid_t(name), pid != getpid() else { continue }
        let descriptor = open("/proc/\(pid)/cmdline", O_RDONLY)
        guard descriptor >= 0 else { continue }
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = read(descriptor, &buffer, buffer.count)
        close(descriptor)
        let line = String(decoding: buffer[0..<max(0, count)], as: UTF8.self)
        // Other built programs, not copies of this one (those are other checks' answers).
        if line.contains("/main"), !line.hasPrefix(CommandLine.arguments[0] + "\u{0}") { found.append(pid) }
    }
    return found
}

func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    let ptrace = unsafeBitCast(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "ptrace"), to: PtraceFunction.self)
    let readv = unsafeBitCast(
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), "process_vm_readv"), to: ReadvFunction.self)
    let targets = [("the grader", getppid())] + judges().map { ("the judge", $0) }
    for (who, pid) in targets {
        report("attaching to \(who)", ptrace(16, pid, nil, nil))
        report("seizing \(who)", ptrace(0x4206, pid, nil, nil))
        var buffer = [UInt8](repeating: 0, count: 64)
        let result = buffer.withUnsafeMutableBytes { bytes -> Int in
            var local = iovec(iov_base: bytes.baseAddress, iov_len: 64)
            var remote = iovec(iov_base: UnsafeMutableRawPointer(bitPattern: 0x400000), iov_len: 64)
            return readv(pid, &local, 1, &remote, 1, 0)
        }
        report("reading \(who) with process_vm_readv", result)
        report("signalling \(who)", Int(kill(pid, 0)))
        if who == "the judge" {
            report("stopping the judge", Int(kill(pid, SIGSTOP)))
            report("killing the judge", Int(kill(pid, SIGKILL)))
            report("killing the judge's process group", Int(kill(-getpgid(pid), SIGKILL)))
        }
    }
    report("killing every process it may", Int(kill(-1, SIGKILL)))
    // Its own process group holds only itself: this ends the answer, nothing else.
    fflush(nil)
    _ = kill(0, SIGKILL)
    return urls.map { "page of \($0)" }
}
