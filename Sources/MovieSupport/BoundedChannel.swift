import LessonSupport

/// A queue of at most `capacity` items between a producer *thread* and an async consumer.
///
/// It is what gives a pipeline back-pressure: when the consumer falls behind, `put` blocks
/// the producer's own thread until there is room, so the queue never holds more than
/// `capacity` items. (An unbounded `AsyncStream` would let a fast producer fill memory with
/// everything it has read.) `take` suspends the consuming task, never blocking its thread.
public final class BoundedChannel<Element: Sendable>: @unchecked Sendable {
    /// The most items the channel holds at once.
    public let capacity: Int
    // Guards every variable below.
    private let monitor = Condition()
    private var items: [Element] = []
    private var head = 0
    private var finished = false
    private var failure: (any Error)?
    private var consumer: CheckedContinuation<Element?, any Error>?
    private var peak = 0
    private var waits = 0

    /// Creates a channel that holds up to `capacity` items (at least 1).
    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Hands `item` to the consumer, blocking the calling thread while the channel is full.
    /// Returns false if the consumer has cancelled the channel.
    @discardableResult
    public func put(_ item: Element) -> Bool {
        let outcome: (accepted: Bool, waiting: CheckedContinuation<Element?, any Error>?) = monitor.withLock {
            var waited = false
            while true {
                if finished { return (false, nil) }
                // A consumer waits only on an empty channel: hand it the item directly.
                if let consumer {
                    self.consumer = nil
                    return (true, consumer)
                }
                if items.count - head < capacity { break }
                if !waited { waits += 1 }
                waited = true
                monitor.wait()
            }
            items.append(item)
            peak = max(peak, items.count - head)
            return (true, nil)
        }
        outcome.waiting?.resume(returning: item)
        return outcome.accepted
    }

    /// Ends the stream: the consumer gets the items still queued, then nil (or `error`).
    public func finish(throwing error: (any Error)? = nil) {
        let waiting: CheckedContinuation<Element?, any Error>? = monitor.withLock {
            guard !finished else { return nil }
            finished = true
            failure = error
            monitor.broadcast()
            let waiting = consumer
            consumer = nil
            return waiting
        }
        if let error {
            waiting?.resume(throwing: error)
        } else {
            waiting?.resume(returning: nil)
        }
    }

    /// Stops the producer: its next `put` returns false at once.
    public func cancel() {
        monitor.withLock {
            finished = true
            items.removeAll()
            head = 0
            monitor.broadcast()
        }
    }

    /// The next item; nil once the producer has finished and the queue is empty.
    /// Throws the error the producer finished with.
    public func take() async throws -> Element? {
        try await withCheckedThrowingContinuation { continuation in
            let result: Result<Element?, any Error>? = monitor.withLock {
                if head < items.count {
                    let item = items[head]
                    head += 1
                    if head == items.count {
                        items.removeAll(keepingCapacity: true)
                        head = 0
                    }
                    monitor.broadcast()
                    return .success(item)
                }
                if finished {
                    if let failure { return .failure(failure) }
                    return .success(nil)
                }
                consumer = continuation
                return nil
            }
            if let result { continuation.resume(with: result) }
        }
    }

    /// The most items the channel ever held at once (never more than `capacity`).
    public var peakCount: Int {
        monitor.withLock { peak }
    }

    /// How many times the producer found the channel full and had to wait.
    public var producerWaits: Int {
        monitor.withLock { waits }
    }
}
