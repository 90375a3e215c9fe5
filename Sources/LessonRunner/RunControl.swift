import Glibc
import Synchronization

/// Lets another task cancel a running process: it records the child's supervisor and asks it
/// to end the run (the child and everything it started).
package final class RunControl: Sendable {
    private let state = Mutex<(supervisor: pid_t?, cancelled: Bool)>((nil, false))

    package init() {}

    /// Ends the run now, or as soon as it has started.
    package func cancel() {
        let supervisor = state.withLock { state in
            state.cancelled = true
            return state.supervisor
        }
        if let supervisor { kill(supervisor, SIGTERM) }
    }

    /// True once `cancel()` was called.
    package var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// Records the started run; ends it at once if `cancel()` came first.
    func attach(_ spawned: Platform.Spawned) {
        let cancelled = state.withLock { state in
            state.supervisor = spawned.supervisor
            return state.cancelled
        }
        if cancelled { kill(spawned.supervisor, SIGTERM) }
    }
}
