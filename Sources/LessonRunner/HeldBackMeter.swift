import Foundation
import Glibc
import LessonCore
import Synchronization

/// Measures `HeldBack` for one child while it runs. From the moment it starts, a thread of
/// its own reads, every 10 ms, the run-queue wait of each of the child's threads
/// (`/proc/PID/task/TID/schedstat`, second field, in nanoseconds since the thread began);
/// the CPUs' steal time (`/proc/stat`) is read at the start and at `stop`. What a thread
/// waited after its last sample is not seen, so a figure is low by at most one period.
/// Where the system offers neither file, both figures are zero.
final class HeldBackMeter: Sendable {
    private struct State {
        /// The latest run-queue wait seen for each thread, in nanoseconds.
        var waits: [Int32: UInt64] = [:]
        var stopped = false
    }

    private let state = Mutex(State())
    private let stealAtStart: [UInt64]

    /// The period between two samples, in microseconds.
    static let period: UInt32 = 10_000

    init() {
        stealAtStart = Self.steal()
    }

    /// Starts sampling `pid`'s threads (call it as the child starts, e.g. from `onStart`).
    func start(_ pid: Int32) {
        let thread = Thread { [self] in
            while !state.withLock({ $0.stopped }) {
                sample(pid)
                usleep(Self.period)
            }
        }
        thread.stackSize = 1 << 18
        thread.start()
    }

    /// Ends the sampling (once the child has ended) and says how long it was held back.
    func stop() -> HeldBack {
        let waits = state.withLock { state in
            state.stopped = true
            return state.waits
        }
        let end = Self.steal()
        let stolen = zip(stealAtStart, end).map { $1 &- $0 }.max() ?? 0
        let ticks = Double(max(1, sysconf(Int32(_SC_CLK_TCK))))
        return HeldBack(
            waiting: Double(waits.values.max() ?? 0) / 1e9,
            stolen: Double(stolen) / ticks)
    }

    /// Reads every thread's run-queue wait.
    private func sample(_ pid: Int32) {
        let seen = (ProcFS.threads(of: pid) ?? []).compactMap { tid in
            ProcFS.schedstat(of: pid, thread: tid).map { (tid, $0.waiting) }
        }
        state.withLock { state in
            for (tid, wait) in seen { state.waits[tid] = max(state.waits[tid] ?? 0, wait) }
        }
    }

    /// Each CPU's steal time in clock ticks (the eighth number of its `cpuN` line).
    static func steal() -> [UInt64] {
        guard let text = ProcFS.read("/proc/stat") else { return [] }
        return text.split(separator: "\n").compactMap { line -> UInt64? in
            guard line.hasPrefix("cpu"), let first = line.dropFirst(3).first, first.isNumber else { return nil }
            let fields = line.split(separator: " ")
            return fields.count > 8 ? UInt64(fields[8]) : nil
        }
    }

}
