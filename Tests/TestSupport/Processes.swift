import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// True for a process that has exited and waits to be reaped (a zombie), or is gone.
package func isZombie(_ pid: pid_t) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let paren = stat.lastIndex(of: ")")
    else { return true }
    let state = stat[stat.index(paren, offsetBy: 2)]
    return state == "Z" || state == "X"
}

/// True while a process with this pid exists (and is not a zombie we could reap).
package func processExists(_ pid: pid_t) -> Bool {
    kill(pid, 0) == 0 && !isZombie(pid)
}

/// The live children of the process `pid` (any thread's).
package func children(of pid: pid_t) -> [pid_t] {
    let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
    return tasks.flatMap { task -> [pid_t] in
        let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)) ?? ""
        return text.split(separator: " ").compactMap { pid_t($0) }
    }.filter(processExists)
}
