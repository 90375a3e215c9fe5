import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Waits for an event instead of a time: checks `condition` every `interval` until it holds,
/// and gives up only after `limit`, a bound no healthy run comes near on however busy a
/// machine (it only keeps a broken build from hanging the suite). Returns whether it held.
public func eventually(
    limit: Duration = .seconds(120), interval: Duration = .milliseconds(20),
    _ condition: () async -> Bool
) async -> Bool {
    let clock = ContinuousClock()
    let end = clock.now + limit
    while true {
        if await condition() { return true }
        if clock.now >= end { return false }
        try? await Task.sleep(for: interval)
    }
}

/// A one-way gate between a test and the handlers it holds: handlers wait until the test
/// opens it, so "still waiting" is a fact the test controls, not a race against a clock.
public final class Gate: Sendable {
    private let opened = Mutex(false)

    public init() {}

    /// Lets every waiter through, now and later.
    public func open() { opened.withLock { $0 = true } }

    /// True once `open` was called.
    public var isOpen: Bool { opened.withLock { $0 } }

    /// Waits (suspending) until the gate is open.
    public func wait() async {
        _ = await eventually(interval: .milliseconds(5)) { isOpen }
    }

    /// Waits (blocking this thread) until the gate is open.
    public func waitBlocking() {
        while !isOpen { usleep(5000) }
    }
}

/// Counts handlers in progress and the most seen at once.
public final class InFlight: Sendable {
    private let counts = Mutex((now: 0, peak: 0))

    public init() {}

    /// One more in progress.
    public func enter() {
        counts.withLock {
            $0.now += 1; $0.peak = max($0.peak, $0.now)
        }
    }

    /// One fewer in progress.
    public func leave() { counts.withLock { $0.now -= 1 } }

    /// How many are in progress.
    public var now: Int { counts.withLock { $0.now } }

    /// The most in progress at once so far.
    public var peak: Int { counts.withLock { $0.peak } }
}
