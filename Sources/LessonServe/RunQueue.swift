/// Admits runs: at most one per key (a snippet, or a quiz's grading) and at most `width` at
/// once; the rest wait, and are told their place in the line as it changes. The line is fair
/// between owners (the learners of a class): each owner's runs wait first come, first served,
/// and a free slot goes to the owners in turn (round-robin, an owner who starts waiting joining
/// the end of the turn), so one learner's twenty runs never make another's one wait behind
/// them all. A waiter whose task is cancelled (its page was closed) leaves the line.
package actor RunQueue {
    /// Why a run was not admitted.
    package enum Refusal: Error, Equatable {
        /// The key already has a run running or waiting.
        case busy
    }

    private struct Waiter {
        var key: String
        var owner: String
        var continuation: CheckedContinuation<Void, any Error>
        var position: @Sendable (Int) -> Void
    }

    /// The most runs at once (the number of cores).
    package let width: Int
    private enum Phase { case reserved, waiting, running }
    private var keys: [String: Phase] = [:]
    private var running = 0
    /// Every waiter, in the order it began to wait.
    private var waiters: [Waiter] = []
    /// Owners with waiters, in the order their turns come.
    private var turns: [String] = []

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
    package func wait(
        _ key: String, owner: String = "", position: @escaping @Sendable (Int) -> Void
    ) async throws {
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
                waiters.append(Waiter(key: key, owner: owner, continuation: continuation, position: position))
                if !turns.contains(owner) { turns.append(owner) }
                announce()
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
        let gone = waiters.remove(at: index)
        if !waiters.contains(where: { $0.owner == gone.owner }) { turns.removeAll { $0 == gone.owner } }
        gone.continuation.resume(throwing: CancellationError())
        announce()
    }

    private func admitNext() {
        guard running < width, let owner = turns.first,
            let index = waiters.firstIndex(where: { $0.owner == owner })
        else { return }
        running += 1
        let next = waiters.remove(at: index)
        // The owner's turn is over: to the end of the line if it has more waiting.
        turns.removeFirst()
        if waiters.contains(where: { $0.owner == owner }) { turns.append(owner) }
        keys[next.key] = .running
        next.continuation.resume()
        announce()
    }

    /// The keys waiting, in the order they will be admitted if no one else comes: round
    /// after round, one of each owner in turn order.
    package var order: [String] { admissionOrder().map(\.key) }

    private func admissionOrder() -> [Waiter] {
        var queues = turns.map { owner in waiters.filter { $0.owner == owner } }
        var order: [Waiter] = []
        while queues.contains(where: { !$0.isEmpty }) {
            for index in queues.indices where !queues[index].isEmpty {
                order.append(queues[index].removeFirst())
            }
        }
        return order
    }

    /// The place each waiter was last told.
    private var told: [String: Int] = [:]

    /// Tells every waiter whose place changed its new place.
    private func announce() {
        var now: [String: Int] = [:]
        for (index, waiter) in admissionOrder().enumerated() {
            now[waiter.key] = index + 1
            if told[waiter.key] != index + 1 { waiter.position(index + 1) }
        }
        told = now
    }
}
