import Glibc

/// A serial executor that runs every job, one at a time and in order, on one dedicated thread.
///
/// This is the "event loop": whatever a job does, including a blocking call such as
/// `sleep`, holds up every other job queued behind it. The thread starts with the first job
/// and ends after a short idle spell; a later job starts a fresh one. At no moment do two
/// threads run its jobs.
public final class EventLoopExecutor: SerialExecutor, @unchecked Sendable {
    /// The loop's name, used in diagnostics.
    public let name: String
    /// How long the thread waits for new work before it ends.
    let idleExit: Double
    // Guards `jobs`, `threadRunning` and `thread`; never held while a job runs.
    private let condition = Condition()
    private var jobs: [UnownedJob] = []
    private var head = 0
    private var threadRunning = false
    private var thread: pthread_t?

    /// Creates an executor named `name`; its thread ends after `idleExit` idle seconds.
    public init(name: String = "event-loop", idleExit: Double = 2) {
        self.name = name
        self.idleExit = idleExit
    }

    /// Queues a job; it runs after every job queued before it.
    public func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        let startThread = condition.withLock {
            jobs.append(unowned)
            let start = !threadRunning
            threadRunning = true
            condition.signal()
            return start
        }
        if startThread {
            Condition.startThread(name: name) { [self] in runJobs() }
        }
    }

    /// Crashes unless the caller runs on this executor's thread (used by `assumeIsolated`).
    public func checkIsolated() {
        precondition(isCurrentThread, "expected to run on event loop '\(name)'")
    }

    /// Whether the calling thread is this executor's thread right now.
    public var isCurrentThread: Bool {
        condition.withLock {
            guard let thread else { return false }
            return pthread_equal(thread, pthread_self()) != 0
        }
    }

    /// The number of jobs waiting to run, not counting the one running now.
    public var queuedJobs: Int {
        condition.withLock { jobs.count - head }
    }

    private func runJobs() {
        condition.withLock { thread = pthread_self() }
        while let job = nextJob() {
            job.runSynchronously(on: asUnownedSerialExecutor())
        }
    }

    /// Takes the next job, waiting up to `idleExit` for one; nil means the thread should end.
    private func nextJob() -> UnownedJob? {
        condition.withLock {
            while head == jobs.count {
                if !condition.wait(seconds: idleExit), head == jobs.count {
                    threadRunning = false
                    thread = nil
                    jobs.removeAll()
                    head = 0
                    return nil
                }
            }
            let job = jobs[head]
            head += 1
            if head > 1024, head * 2 > jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            return job
        }
    }
}
