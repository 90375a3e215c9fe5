import Glibc
import LessonSupport

/// A serial executor with one dedicated thread: every job runs there, one at a time, in order.
///
/// This is how `aiosqlite` works in Python: the database gets a thread of its own, so a
/// query that waits on the disk holds up that thread and nothing else, neither the
/// cooperative pool nor the server's event loop. The thread starts with the executor and
/// runs until `shutdown`.
public final class DatabaseThread: SerialExecutor, @unchecked Sendable {
    /// The thread's name (as `top -H` shows it).
    public let name: String
    // Guards every variable below.
    private let monitor = Condition()
    private var jobs: [UnownedJob] = []
    private var head = 0
    private var stopping = false
    private var thread: pthread_t?
    private var jobsRun = 0

    /// Creates the executor and starts its thread.
    public init(name: String = "sqlite") {
        self.name = name
        OwnThread.start(name: name) { [self] in runJobs() }
    }

    /// Queues a job; it runs on the database thread after every job queued before it.
    public func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        monitor.withLock {
            jobs.append(unowned)
            monitor.broadcast()
        }
    }

    /// Crashes unless the caller runs on the database thread (used by `assumeIsolated`).
    public func checkIsolated() {
        precondition(isCurrentThread, "expected to run on the database thread '\(name)'")
    }

    /// Whether the calling thread is the database thread.
    public var isCurrentThread: Bool {
        monitor.withLock {
            guard let thread else { return false }
            return pthread_equal(thread, pthread_self()) != 0
        }
    }

    /// How many jobs the thread has run so far.
    public var completedJobs: Int {
        monitor.withLock { jobsRun }
    }

    /// Lets the thread end once the jobs queued so far have run.
    public func shutdown() {
        monitor.withLock {
            stopping = true
            monitor.broadcast()
        }
    }

    private func runJobs() {
        monitor.withLock { thread = pthread_self() }
        while let job = nextJob() {
            job.runSynchronously(on: asUnownedSerialExecutor())
        }
    }

    private func nextJob() -> UnownedJob? {
        monitor.withLock {
            while head == jobs.count {
                if stopping {
                    thread = nil
                    return nil
                }
                monitor.wait()
            }
            let job = jobs[head]
            head += 1
            jobsRun += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            }
            return job
        }
    }
}
