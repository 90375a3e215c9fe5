import CLessonPlatform
import Synchronization

/// How everything a run starts is made to end with it. Every child `lesson` starts (a
/// snippet, a compiler, an answer, a judge) runs under a small supervisor of its own, a
/// fork of `lesson` that never executes another program: when the child exits, or the run
/// is stopped (timeout, cancel, Ctrl-C, `lesson` itself ending), the supervisor kills every
/// process the child started, whatever it did to leave (a new session, a double fork, a
/// cleared environment), and exits once none is left. Processes `lesson` starts some other
/// way, such as the browser of `lesson serve --open`, are not in any run and live on.
package enum Containment: Int, Sendable, Comparable {
    /// The supervisor is the first process of a PID namespace of the run's own (directly as
    /// root, inside a user namespace of its own otherwise): when it ends, for any reason,
    /// even killed, the kernel ends every process of the run.
    case pidNamespace = 1
    /// The supervisor is the child subreaper of the run's tree alone: a process of the tree
    /// whose parent ends becomes its child, and it kills its children until none is left.
    /// Used where namespaces are refused (unprivileged user namespaces turned off).
    case subreaper = 2

    package static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The strongest mechanism not yet refused on this machine.
    package static var available: Containment { refused.withLock { $0 } ? .subreaper : .pidNamespace }

    private static let refused = Mutex(false)

    /// Records that a PID namespace was refused, so later runs go straight to the subreaper.
    static func refusedNamespace() { refused.withLock { $0 = true } }
}
