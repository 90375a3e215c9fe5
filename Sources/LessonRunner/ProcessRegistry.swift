import Glibc
import Synchronization

/// The supervisors of the runs `lesson` has started and not yet reaped, and the working
/// directories made for confined children, so an interrupt can end the one and remove the
/// other.
package final class ProcessRegistry: Sendable {
    /// The one registry of this process.
    package static let shared = ProcessRegistry()

    private let supervisors = Mutex<Set<pid_t>>([])
    private let stopping = Atomic<Bool>(false)
    private let directories = Mutex<Set<String>>([])

    /// Records the supervisor of a run that has started.
    func add(_ supervisor: pid_t) {
        supervisors.withLock { _ = $0.insert(supervisor) }
    }

    /// Forgets a supervisor once it has been reaped.
    func remove(_ supervisor: pid_t) {
        supervisors.withLock { _ = $0.remove(supervisor) }
    }

    /// The supervisors of the runs going on.
    package var live: Set<pid_t> { supervisors.withLock { $0 } }

    /// Records a confined child's working directory until it is removed.
    func add(directory: String) {
        directories.withLock { _ = $0.insert(directory) }
    }

    /// Forgets a working directory that was removed.
    func remove(directory: String) {
        directories.withLock { _ = $0.remove(directory) }
    }

    /// Ends every run going on (each supervisor kills its child and everything the child
    /// started, then exits), waits until they have ended, and removes the confined children's
    /// directories; used when `lesson` itself is interrupted.
    package func killAll() {
        // A spawn under way finishes (and registers its supervisor) first; none starts after.
        let ending = spawnLock.withLock { _ in
            stopping.store(true, ordering: .sequentiallyConsistent)
            return live
        }
        for supervisor in ending { kill(supervisor, SIGTERM) }
        // A supervisor exits once every process of its run is gone; wait for that (a few
        // seconds at most: a process stuck in the kernel cannot be hurried).
        for _ in 0..<2500 where ending.contains(where: { !Platform.hasExited($0) }) { usleep(2000) }
        for path in directories.withLock({ $0 }) { ConfinedDirectory(existing: path).remove() }
    }

    /// Runs `body` (which starts a child and registers its supervisor) so that `killAll`
    /// sees either none of it or all of it; once `lesson` is stopping, starts nothing and holds
    /// the calling thread until the exit (see `holdIfStopping`). Children are
    /// started one at a time, so no thread's child inherits a descriptor in the moment before
    /// another thread marks it close-on-exec.
    func spawning<T>(_ body: () throws -> T) throws -> T {
        while true {
            let result = try spawnLock.withLock { _ in isStopping ? nil : try body() }
            if let result { return result }
            holdIfStopping()
        }
    }

    private let spawnLock = Mutex<Void>(())

    /// True once `killAll` began: `lesson` is about to exit.
    package var isStopping: Bool { stopping.load(ordering: .sequentiallyConsistent) }

    /// Called by a run that ended: when `lesson` is stopping, the run was ended by the
    /// interrupt, so nothing of it may be reported or recorded; the calling thread waits for
    /// the exit instead of returning.
    func holdIfStopping() {
        while isStopping { pause() }
    }
}
