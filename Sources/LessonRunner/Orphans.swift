import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Finds and ends processes a snippet left behind after leaving its process group (for
/// example a child started with `Foundation.Process`, which gets a group of its own).
/// `lesson` makes itself a child subreaper, so such orphans become its children instead of
/// init's, and it can end them once their snippet is done.
package enum Orphans {
    private typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
    private static let prSetChildSubreaper: Int32 = 36

    /// Makes this process the reaper of its orphaned descendants. Safe to call often.
    package static let adopt: Void = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "prctl") else { return }
        _ = unsafeBitCast(symbol, to: Prctl.self)(prSetChildSubreaper, 1, 0, 0, 0)
    }()

    /// Kills and reaps every child of this process that `lesson` did not start itself (the
    /// registry's live children are spared), repeating while killing one orphans another.
    package static func endAll() {
        let me = getpid()
        for _ in 0..<8 {
            let live = ProcessRegistry.shared.live
            let orphans = children(of: me).filter { !live.contains($0) }
            if orphans.isEmpty { return }
            for pid in orphans {
                kill(pid, SIGKILL)
                var status: Int32 = 0
                waitpid(pid, &status, 0)
            }
        }
    }

    /// Pids whose parent is `parent`, read from /proc.
    private static func children(of parent: pid_t) -> [pid_t] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var found: [pid_t] = []
        for entry in entries {
            guard let pid = pid_t(entry), let stat = FileManager.default.contents(atPath: "/proc/\(entry)/stat")
            else { continue }
            // Fields after the command name, which is in parentheses and may hold spaces.
            guard let close = stat.lastIndex(of: UInt8(ascii: ")")) else { continue }
            let fields = stat[(close + 1)...].split(separator: UInt8(ascii: " "))
            if fields.count > 1, let ppid = pid_t(String(decoding: fields[1], as: UTF8.self)), ppid == parent {
                found.append(pid)
            }
        }
        return found
    }
}
