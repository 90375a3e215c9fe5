/// Admits runs: at most one per key (a snippet, or a quiz's grading) and at most `width` at
/// once; the rest wait first come, first served, and are told their place in the line as it
/// changes. A waiter whose task is cancelled (its page was closed) leaves the line.
package actor RunQueue {
    /// Why a run was not admitted.
    package enum Refusal: Error, Equatable {
        /// The key already has a run running or waiting.
        case busy
    }

    private struct Waiter {
        var key: String
        var continuation: CheckedContinuation<Void, any Error>
        var position: @Sendable (Int) -> Void
    }

    /// The most runs at once (the number of cores).
    package let width: Int
    private enum Phase { case reserved, waiting, running }
    private var keys: [String: Phase] = [:]
    private var running = 0
    private var waiters: [Waiter] = []

    /// A queue that runs `width` at once (at least one).
    package init(width: Int) {
        self.width = max(1, width)
    }

    /// Reserves `key`; throws `Refusal.busy` when it has a run already. A reservation must be
    /// followed by `wait` and, once the run is over, `release`.
    package func reserve(_ key: String) throws(Refusal) {
        guard keys[key] == nil else { throw .busy }
        keys[key] = .reserved
    }

    /// Returns once the reserved `key` may run, calling `position` with its place in the line
    /// (1 is next) whenever it changes; at once when a slot is free. Throws
    /// `CancellationError` when the calling task is cancelled while waiting (the
    /// reservation is then released).
    package func wait(_ key: String, position: @escaping @Sendable (Int) -> Void) async throws {
        guard keys[key] == .reserved else { return }
        if running < width, waiters.isEmpty {
            running += 1
            keys[key] = .running
            return
        }
        keys[key] = .waiting
        try await withTaskCancellationHandler {
            try Task.checkCancellation()
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                waiters.append(Waiter(key: key, continuation: continuation, position: position))
                position(waiters.count)
            }
        } onCancel: {
            Task { await self.abandon(key) }
        }
    }

    /// Ends the reservation of `key`: a running key's slot goes to the first waiter.
    package func release(_ key: String) {
        switch keys.removeValue(forKey: key) {
        case .running:
            running -= 1
            admitNext()
        case .waiting:
            abandonWaiter(key)
        case .reserved, nil:
            break
        }
    }

    /// Runs going on and runs waiting.
    package var load: (running: Int, waiting: Int) { (running, waiters.count) }

    private func abandon(_ key: String) {
        guard keys[key] == .waiting else { return }
        keys[key] = .reserved
        abandonWaiter(key)
    }

    private func abandonWaiter(_ key: String) {
        guard let index = waiters.firstIndex(where: { $0.key == key }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
        announce()
    }

    private func admitNext() {
        guard running < width, !waiters.isEmpty else { return }
        running += 1
        let next = waiters.removeFirst()
        keys[next.key] = .running
        next.continuation.resume()
        announce()
    }

    private func announce() {
        for (index, waiter) in waiters.enumerated() { waiter.position(index + 1) }
    }
}
