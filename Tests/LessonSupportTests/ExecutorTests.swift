import LessonSupport
import Synchronization
import Testing

/// The event loop runs one job at a time on its own thread; the pool is as wide as asked.
struct ExecutorTests {
    @Test func loopCodeRunsOnTheLoopThread() async {
        let loop = EventLoop(name: "test-loop")
        let onLoop = await loop.run { loop in loop.executor.isCurrentThread }
        #expect(onLoop)
        #expect(!loop.executor.isCurrentThread)
    }

    @Test func blockingOnTheLoopSerializesButAwaitingOverlaps() async {
        let loop = EventLoop(name: "test-loop")
        let blocking = Stopwatch()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<3 {
                group.addTask {
                    await loop.runSynchronously { DemoAPI.blockingSleep(.milliseconds(100)) }
                }
            }
        }
        #expect(blocking.seconds >= 0.29)
        // Each awaiting job stays on the loop until all three are there at once (or two
        // minutes pass: only a broken loop comes near), so the peak proves they overlap
        // however busy the machine is.
        let awaiting = Counts()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<3 {
                group.addTask {
                    await loop.run { _ in
                        let now = awaiting.running.add(1, ordering: .sequentiallyConsistent).newValue
                        awaiting.peak.max(now, ordering: .sequentiallyConsistent)
                        let waited = Stopwatch()
                        while awaiting.peak.load(ordering: .sequentiallyConsistent) < 3, waited.seconds < 120 {
                            try? await Task.sleep(for: .milliseconds(10))
                        }
                        awaiting.running.subtract(1, ordering: .sequentiallyConsistent)
                    }
                }
            }
        }
        #expect(awaiting.peak.load(ordering: .sequentiallyConsistent) == 3)
    }

    @Test func threadPoolRunsAsManyBlockingJobsAsItIsWide() async {
        // Each job blocks until all six are running at once (or two minutes pass: only a
        // pool too narrow comes near), so the count proves the width without depending on
        // how busy the machine is.
        let pool = ThreadPool(width: 6)
        let counts = Counts()
        await withTaskGroup(of: Int.self) { group in
            for index in 0..<6 {
                group.addTask {
                    await pool.run {
                        let now = counts.running.add(1, ordering: .sequentiallyConsistent).newValue
                        counts.peak.max(now, ordering: .sequentiallyConsistent)
                        let deadline = Stopwatch()
                        while counts.running.load(ordering: .sequentiallyConsistent) < 6, deadline.seconds < 120 {
                            DemoAPI.blockingSleep(.milliseconds(5))
                        }
                        return index
                    }
                }
            }
            let sum = await group.reduce(0, +)
            #expect(sum == 15)
        }
        #expect(counts.peak.load(ordering: .sequentiallyConsistent) == 6)
        #expect(pool.threadCount <= 6)
        let thrown = await #expect(throws: HTTPError.self) {
            try await pool.run { () throws -> Int in throw HTTPError.timedOut }
        }
        #expect(thrown == .timedOut)
    }
}

/// Shared counters for jobs running on other threads.
private final class Counts: Sendable {
    let running = Atomic<Int>(0)
    let peak = Atomic<Int>(0)
}
