import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Lets another task cancel a running process: it records the pid and kills its group.
package final class RunControl: Sendable {
    private let state = Mutex<(pid: pid_t?, cancelled: Bool)>((nil, false))

    package init() {}

    /// Kills the process group now, or as soon as the process exists.
    package func cancel() {
        let pid = state.withLock { state in
            state.cancelled = true
            return state.pid
        }
        if let pid { kill(-pid, SIGKILL) }
    }

    /// True once `cancel()` was called.
    package var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// Records the started child; kills its group at once if `cancel()` came first.
    func attach(_ pid: pid_t) {
        let cancelled = state.withLock { state in
            state.pid = pid
            return state.cancelled
        }
        if cancelled { kill(-pid, SIGKILL) }
    }
}
