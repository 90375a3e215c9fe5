import Synchronization

// In a quiz's judge this file is compiled in one module with `ProcFS.swift`.
#if canImport(LessonRunner)
    import LessonRunner
#endif

/// One thread of the answer's process at one moment, as the kernel reported it.
struct ThreadState: Sendable, Equatable {
    let tid: Int32
    /// Runnable: running, or ready to run and waiting for a CPU (state `R`).
    let runnable: Bool
    /// How many times the kernel has put it on a CPU so far (`schedstat`'s third number).
    let switches: UInt64
}

/// How long the answer's process has been kept from running, from samples of its threads:
/// a thread seen runnable in two samples with no switch onto a CPU between them was held
/// all that time (waiting for a CPU the machine gave to others, or running without a break,
/// which is not waiting either). The pure part of `AnswerThreads`.
struct HeldThreads: Sendable {
    /// Per thread seen runnable: since when, and its switch count then.
    private var runnableSince: [Int32: (time: Double, switches: UInt64)] = [:]

    /// Takes one sample taken at `time`; says the longest any thread has now been held, in
    /// seconds (0 when none is).
    mutating func observe(_ threads: [ThreadState], at time: Double) -> Double {
        var held = 0.0
        var next: [Int32: (time: Double, switches: UInt64)] = [:]
        for thread in threads where thread.runnable {
            if let seen = runnableSince[thread.tid], seen.switches == thread.switches {
                next[thread.tid] = seen
                held = max(held, time - seen.time)
            } else {
                next[thread.tid] = (time, thread.switches)
            }
        }
        runnableSince = next
        return held
    }
}

/// The answer's threads, read by the judge from `/proc/PID/task` (the answer cannot change
/// what the kernel says of it). A judge whose verdict depends on the answer having had the
/// CPU, such as one that waits for the answer to stop by itself, asks `held()` whether the
/// machine kept it from running.
final class AnswerThreads: Sendable {
    let pid: Int32
    private let state = Mutex(HeldThreads())

    init(_ pid: Int32) {
        self.pid = pid
    }

    /// Samples every thread now; the longest any of them has been held, in seconds, counted
    /// over this call's samples (nil when the process cannot be read).
    func held() -> Double? {
        guard let threads = Self.sample(pid) else { return nil }
        let time = now()
        return state.withLock { $0.observe(threads, at: time) }
    }

    /// Every thread of `pid` with its state and switch count (nil: no such process).
    static func sample(_ pid: Int32) -> [ThreadState]? {
        guard let ids = ProcFS.threads(of: pid) else { return nil }
        return ids.compactMap { tid in
            guard let stat = ProcFS.read("/proc/\(pid)/task/\(tid)/stat"),
                let schedstat = ProcFS.schedstat(of: pid, thread: tid)
            else { return nil }
            return ThreadState(tid: tid, runnable: ProcFS.state(inStat: stat) == "R", switches: schedstat.switches)
        }
    }
}
