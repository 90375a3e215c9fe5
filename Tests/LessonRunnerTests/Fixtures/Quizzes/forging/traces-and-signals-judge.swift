// Tries to trace the judge, read its memory with process_vm_readv and kill it (and its
// process group, and every process it may), then kills its own group: itself.
import Glibc

typealias PtraceFunction = @convention(c) (Int32, pid_t, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> Int
typealias ReadvFunction =
    @convention(c) (pid_t, UnsafePointer<iovec>?, UInt, UnsafePointer<iovec>?, UInt, UInt) -> Int

/// Prints whether `result` says the call worked.
func report(_ what: String, _ result: Int) {
    print(result >= 0 ? "ALLOWED \(what)" : "BLOCKED \(what): \(String(cString: strerror(errno)))")
}

func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    let judge = getppid()
    let ptrace = unsafeBitCast(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "ptrace"), to: PtraceFunction.self)
    report("attaching to the judge", ptrace(16, judge, nil, nil))
    report("seizing the judge", ptrace(0x4206, judge, nil, nil))
    let readv = unsafeBitCast(
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), "process_vm_readv"), to: ReadvFunction.self)
    var buffer = [UInt8](repeating: 0, count: 64)
    let result = buffer.withUnsafeMutableBytes { bytes -> Int in
        var local = iovec(iov_base: bytes.baseAddress, iov_len: 64)
        var remote = iovec(iov_base: UnsafeMutableRawPointer(bitPattern: 0x400000), iov_len: 64)
        return readv(judge, &local, 1, &remote, 1, 0)
    }
    report("reading the judge with process_vm_readv", result)
    report("stopping the judge", Int(kill(judge, SIGSTOP)))
    report("killing the judge", Int(kill(judge, SIGKILL)))
    report("killing the judge's process group", Int(kill(-getpgid(judge), SIGKILL)))
    report("killing every process it may", Int(kill(-1, SIGKILL)))
    // Its own process group holds only itself: this ends the answer, nothing else.
    fflush(nil)
    _ = kill(0, SIGKILL)
    return urls.map { "page of \($0)" }
}
