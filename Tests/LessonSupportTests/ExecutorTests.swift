import LessonSupport
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
        let awaiting = Stopwatch()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<3 {
                group.addTask {
                    await loop.run { _ in try? await Task.sleep(for: .milliseconds(100)) }
                }
            }
        }
        #expect(awaiting.seconds < 0.29)
    }

    @Test func threadPoolRunsAsManyBlockingJobsAsItIsWide() async {
        let pool = ThreadPool(width: 6)
        let stopwatch = Stopwatch()
        await withTaskGroup(of: Int.self) { group in
            for index in 0..<6 {
                group.addTask {
                    await pool.run {
                        DemoAPI.blockingSleep(.milliseconds(200)); return index
                    }
                }
            }
            let sum = await group.reduce(0, +)
            #expect(sum == 15)
        }
        #expect(stopwatch.seconds < 0.39, "took \(stopwatch.elapsedText)")
        #expect(pool.threadCount <= 6)
        let thrown = await #expect(throws: HTTPError.self) {
            try await pool.run { () throws -> Int in throw HTTPError.timedOut }
        }
        #expect(thrown == .timedOut)
    }
}
