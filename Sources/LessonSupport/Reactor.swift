import Glibc
import Synchronization

/// One background thread that watches sockets with `poll` and resumes the tasks waiting
/// for them, so async code can do socket I/O without blocking any thread of its own.
final class Reactor: Sendable {
    /// The reactor shared by every `HTTPClient` call; its thread starts on first use.
    static let shared = Reactor()

    /// A task waiting for `events` on `fd` until `deadline`.
    private struct Waiter {
        var fd: Int32
        var events: Int16
        var deadline: ContinuousClock.Instant
        var continuation: CheckedContinuation<Bool, Never>
    }

    private let waiters = Mutex<(byID: [UInt64: Waiter], nextID: UInt64)>(([:], 0))
    private let wake: (read: Int32, write: Int32)

    private init() {
        // Without a wake pipe the reactor cannot work at all; this only fails when out of fds.
        guard let wake = try? Socket.wakePipe() else { fatalError("Reactor: cannot create a pipe") }
        self.wake = wake
        Condition.startThread(name: "http-reactor") { [self] in run() }
    }

    /// Suspends until `fd` is ready for `events` (true) or `deadline` passes (false).
    func wait(_ fd: Int32, for events: Int16, until deadline: ContinuousClock.Instant) async
        -> Bool
    {
        await withCheckedContinuation { continuation in
            waiters.withLock { state in
                state.nextID += 1
                state.byID[state.nextID] = Waiter(
                    fd: fd, events: events, deadline: deadline, continuation: continuation)
            }
            Socket.wake(wake.write)
        }
    }

    private func run() {
        while true {
            let snapshot = waiters.withLock { $0.byID }
            let ids = Array(snapshot.keys)
            var fds = [pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
            for id in ids {
                let waiter = snapshot[id]!
                fds.append(pollfd(fd: waiter.fd, events: waiter.events, revents: 0))
            }
            let now = ContinuousClock.now
            let nearest = snapshot.values.map(\.deadline).min()
            let timeout = nearest.map {
                Int32(max(0, min(Stopwatch.seconds($0 - now) * 1000 + 1, 60_000)))
            }
            _ = poll(&fds, nfds_t(fds.count), timeout ?? -1)
            if fds[0].revents != 0 { Socket.drain(wake.read) }
            let after = ContinuousClock.now
            var done: [(CheckedContinuation<Bool, Never>, Bool)] = []
            waiters.withLock { state in
                for (offset, id) in ids.enumerated() {
                    guard let waiter = state.byID[id] else { continue }
                    let ready = fds[offset + 1].revents != 0
                    if ready || waiter.deadline <= after {
                        state.byID[id] = nil
                        done.append((waiter.continuation, ready))
                    }
                }
            }
            for (continuation, ready) in done { continuation.resume(returning: ready) }
        }
    }
}
