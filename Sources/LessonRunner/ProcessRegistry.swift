import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The process groups `lesson` has started and not yet reaped, so an interrupt can end them.
package final class ProcessRegistry: Sendable {
    /// The one registry of this process.
    package static let shared = ProcessRegistry()

    private let groups = Mutex<Set<pid_t>>([])

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

    /// Sends SIGKILL to every live group; used when `lesson` itself is interrupted.
    package func killAll() {
        for pid in live { kill(-pid, SIGKILL) }
        Orphans.endAll()
    }
}
