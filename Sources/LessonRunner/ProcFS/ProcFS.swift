#if canImport(Glibc)
    import Glibc
#endif

/// What the kernel says of processes and their threads in `/proc`, read without stopping
/// them. One implementation for `lesson` (the held-back measure, lingering samples, the
/// process tree) and for quiz judges, which get this file compiled in (like `SHA256`): a
/// judge reads the answer's threads the way the runner reads a snippet's.
package enum ProcFS {
    /// A thread's `schedstat`: nanoseconds on a CPU, nanoseconds waiting for one, and how
    /// many times it was put on one, since the thread began.
    package struct SchedStat: Sendable, Equatable {
        package var running: UInt64
        package var waiting: UInt64
        package var switches: UInt64
    }

    /// A file of `/proc` (its first 64 KiB), or nil when it cannot be read.
    package static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { _ = close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 16 {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count < 0 { return nil }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The ids of `pid`'s threads, in order (nil when there is no such process to read).
    package static func threads(of pid: Int32) -> [Int32]? {
        guard let directory = opendir("/proc/\(pid)/task") else { return nil }
        defer { closedir(directory) }
        var ids: [Int32] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(cString: bytes.bindMemory(to: CChar.self).baseAddress!)
            }
            if let tid = Int32(name) { ids.append(tid) }
        }
        return ids.sorted()
    }

    /// The state letter in the text of a `stat` file (`R` runnable, `S` asleep, `Z` ended,
    /// …): the first field after the name, which is in parentheses and may hold ") " itself.
    package static func state(inStat text: String) -> Character? {
        guard let nameEnd = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: nameEnd)...].first { $0 != " " }
    }

    /// Thread `tid` of `pid`'s `schedstat` (nil when it cannot be read).
    package static func schedstat(of pid: Int32, thread tid: Int32) -> SchedStat? {
        let numbers = (read("/proc/\(pid)/task/\(tid)/schedstat") ?? "").split(separator: " ").map {
            UInt64($0.prefix { $0.isNumber })
        }
        guard numbers.count >= 3, let running = numbers[0], let waiting = numbers[1], let switches = numbers[2]
        else { return nil }
        return SchedStat(running: running, waiting: waiting, switches: switches)
    }
}
