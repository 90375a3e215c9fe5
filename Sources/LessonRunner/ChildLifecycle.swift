/// The life of one child, from spawn to the end of its output, as a state machine: told
/// what the runner saw (the time, whether the child exited, whether the run was cancelled,
/// whether its output streams are still open), it moves to its next phase and says which
/// signals to send. Pure: the runner performs the actions.
package struct ChildLifecycle: Sendable {
    /// Where the child is.
    package enum Phase: Sendable, Equatable {
        /// Running within its time.
        case running
        /// Timed out and sent SIGTERM; at `killAt` it is sent SIGKILL.
        case terminating(killAt: Double)
        /// Sent SIGKILL (after the grace, or at once when the run was cancelled); waiting
        /// for it to exit.
        case killed
        /// Exited with the raw wait `status` at `exitedAt`; its output is read until the
        /// streams close or `drainUntil`, whichever comes first.
        case draining(status: Int32, exitedAt: Double, drainUntil: Double)
        /// Done: exited and its output read.
        case finished(status: Int32, exitedAt: Double)
    }

    /// What the runner must do after a step.
    package enum Action: Sendable, Equatable {
        /// Send `signal` to the child's whole process group.
        case signalGroup(Int32)
        /// End everything the child started (its supervisor does) and wait until it has.
        case endTree
    }

    /// The time the child was started.
    package let start: Double
    /// Wall time after which it is sent SIGTERM.
    package let timeout: Double
    /// Time between SIGTERM and SIGKILL.
    package let grace: Double
    /// How long output is still read after the exit when something else holds the streams.
    package let drain: Double
    /// The current phase.
    package private(set) var phase: Phase = .running
    /// True once the child was sent SIGTERM for running past its timeout.
    package private(set) var timedOut = false

    /// A child started at `start`.
    package init(start: Double, timeout: Double, grace: Double, drain: Double = 0.5) {
        self.start = start
        self.timeout = timeout
        self.grace = grace
        self.drain = drain
    }

    /// True while the child has not been seen to exit (the runner should try to reap it).
    package var isAlive: Bool {
        switch phase {
        case .running, .terminating, .killed: true
        case .draining, .finished: false
        }
    }

    /// True once the child exited and its output was read.
    package var isFinished: Bool {
        if case .finished = phase { return true }
        return false
    }

    /// Moves on given what was seen at `now`: `exitStatus` when the child was just reaped,
    /// `cancelled` when the caller asked to stop, `streamsOpen` while any output stream is
    /// still open. Returns what to do, in order.
    package mutating func advance(
        now: Double, exitStatus: Int32?, cancelled: Bool, streamsOpen: Bool
    ) -> [Action] {
        var actions: [Action] = []
        switch phase {
        case .running, .terminating, .killed:
            if let exitStatus {
                // Whatever it left running goes with it, however it left its group.
                actions = [.endTree]
                phase =
                    streamsOpen
                    ? .draining(status: exitStatus, exitedAt: now, drainUntil: now + drain)
                    : .finished(status: exitStatus, exitedAt: now)
            } else if cancelled, phase != .killed {
                actions = [.signalGroup(killSignal)]
                phase = .killed
            } else if case .running = phase, now - start >= timeout {
                timedOut = true
                actions = [.signalGroup(terminateSignal)]
                phase = .terminating(killAt: now + grace)
            } else if case .terminating(let killAt) = phase, now >= killAt {
                actions = [.signalGroup(killSignal)]
                phase = .killed
            }
        case .draining(let status, let exitedAt, let drainUntil):
            if !streamsOpen || now >= drainUntil { phase = .finished(status: status, exitedAt: exitedAt) }
        case .finished:
            break
        }
        return actions
    }

    /// How long the runner may wait for output before the next step, in milliseconds, never
    /// past the next deadline. When `exitWatched` (the wait also wakes when the child exits)
    /// it may wait long; otherwise it wakes often to look for the exit, very often once the
    /// streams are closed, so the exit time is precise.
    package func pollTimeout(now: Double, streamsOpen: Bool, exitWatched: Bool = false) -> Int32 {
        var wait = exitWatched && isAlive ? 0.25 : streamsOpen ? 0.025 : 0.001
        switch phase {
        case .running: wait = min(wait, start + timeout - now)
        case .terminating(let killAt): wait = min(wait, killAt - now)
        case .draining(_, _, let drainUntil): wait = min(wait, drainUntil - now)
        case .killed, .finished: break
        }
        return Int32((max(0, wait) * 1000).rounded(.up))
    }
}

/// Signal numbers, spelled here so the pure state machine needs no C module.
private let killSignal: Int32 = 9
private let terminateSignal: Int32 = 15
