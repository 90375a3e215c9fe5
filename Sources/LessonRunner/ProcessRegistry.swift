import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process groups `lesson` has started and not yet reaped, and the working directories
/// made for confined children, so an interrupt can end the one and remove the other.
package final class ProcessRegistry: Sendable {
    /// The one registry of this process.
    package static let shared = ProcessRegistry()

    private let groups = Mutex<Set<pid_t>>([])
    private let directories = Mutex<Set<String>>([])

    /// Records a child that leads its own process group.
    package func add(_ pid: pid_t) {
        groups.withLock { _ = $0.insert(pid) }
    }

    /// Forgets a child once it has been reaped.
    package func remove(_ pid: pid_t) {
        groups.withLock { _ = $0.remove(pid) }
    }

    /// The children currently running.
    package var live: Set<pid_t> { groups.withLock { $0 } }

    /// Records a confined child's working directory until it is removed.
    func add(directory: String) {
        directories.withLock { _ = $0.insert(directory) }
    }

    /// Forgets a working directory that was removed.
    func remove(directory: String) {
        directories.withLock { _ = $0.remove(directory) }
    }

    /// Sends SIGKILL to every live group, ends the orphans and removes the confined
    /// children's directories; used when `lesson` itself is interrupted.
    package func killAll() {
        let killed = live
        for pid in killed { kill(-pid, SIGKILL) }
        // A child's own children become this process's only once it has exited; wait for
        // that (a second at most), or they would be missed and outlive `lesson`.
        for _ in 0..<500 where killed.contains(where: { !Platform.hasExited($0) }) { usleep(2000) }
        Orphans.endAll()
        for path in directories.withLock({ $0 }) { ConfinedDirectory(existing: path).remove() }
    }
}
