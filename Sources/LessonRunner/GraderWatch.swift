import Foundation
import Glibc
import LessonCore
import Synchronization

/// Watches every process of one grade (each check's judge and answer) while it runs: every
/// 10 ms it reads each one's CPU time (user and system, all threads) and the answers' numbers
/// of threads from `/proc/PID/stat`; once a process has ended, the CPU time its whole run took
/// (from reaping it) replaces the last sample.
///
/// It tells the machine's load apart from the grade's own. A check's threads may wait for a
/// CPU because the grade's processes crowd each other (an answer that spins threads in every
/// check to make its failures look like the machine's) or because processes outside the grade
/// keep the CPUs busy. Only the second may excuse a failure: waiting caused by others is at
/// most the CPU time those others took meanwhile, which is every CPU's busy time
/// (`/proc/stat`) less what the grade's processes and this process took (`Mark`,
/// `outside(since:)`, `excusable`).
package final class GraderWatch: Sendable {
    private struct State {
        /// The latest CPU time seen for each process, in seconds (kept after it ends).
        var cpu: [Int32: Double] = [:]
        /// The processes sampled now, and whether each is an answer.
        var watched: [Int32: Bool] = [:]
        /// The most threads each answer was seen with.
        var peakThreads: [Int32: Int] = [:]
        var stopped = false
    }

    /// The CPU counts at one moment, in seconds: every CPU's busy time, and the CPU time the
    /// grade's processes and this process had taken.
    package struct Mark: Sendable {
        package var busy: Double
        package var inside: Double

        /// The counts now, `watched` being the CPU seconds the watched processes took so far
        /// (this process's own are added).
        package static func now(watched: Double = 0) -> Mark {
            Mark(busy: GraderWatch.busy(), inside: watched + GraderWatch.ownCPU())
        }

        /// The CPU seconds processes outside the watched ones (and outside this process) took
        /// from this mark to `later`: every CPU's busy time less the watched and own.
        package func outside(until later: Mark) -> Double {
            max(0, (later.busy - busy) - (later.inside - inside))
        }
    }

    private let state = Mutex(State())
    private let ticks = Double(max(1, sysconf(Int32(_SC_CLK_TCK))))

    package init() {
        let thread = Thread { [self] in
            while true {
                let (watched, stopped) = state.withLock { ($0.watched, $0.stopped) }
                if stopped { return }
                for (pid, isAnswer) in watched { sample(pid, isAnswer: isAnswer) }
                usleep(HeldBackMeter.period)
            }
        }
        thread.stackSize = 1 << 18
        thread.start()
    }

    /// Starts watching a process of the grade (call it as the process starts).
    package func started(_ pid: Int32, isAnswer: Bool) {
        state.withLock { $0.watched[pid] = isAnswer }
        sample(pid, isAnswer: isAnswer)
    }

    /// Stops watching a process that has ended; its CPU time stays counted. `cpu` is what its
    /// whole run took, once reaped (`Subprocess.onEnd`), when known.
    package func ended(_ pid: Int32, cpu: Double? = nil) {
        state.withLock { state in
            state.watched.removeValue(forKey: pid)
            if let cpu { state.cpu[pid] = max(state.cpu[pid] ?? 0, cpu) }
        }
    }

    /// The CPU seconds every process of the grade took so far.
    package var cpu: Double {
        state.withLock { $0.cpu.values.reduce(0, +) }
    }

    /// The counts now. The processes still running are sampled first, so that what they
    /// took since the last period is not taken for the machine's.
    package func mark() -> Mark {
        let watched = state.withLock { $0.watched }
        for (pid, isAnswer) in watched { sample(pid, isAnswer: isAnswer) }
        return .now(watched: cpu)
    }

    /// The CPU seconds this process took so far (user and system, every thread).
    private static func ownCPU() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
            + Double(usage.ru_stime.tv_usec) / 1e6
    }

    /// The CPU seconds processes outside the grade (and outside this process) took since
    /// `mark`: every CPU's busy time less the grade's and this process's own.
    package func outside(since mark: Mark) -> Double {
        mark.outside(until: self.mark())
    }

    /// The most threads the answer `pid` was seen with.
    func peakThreads(_ pid: Int32) -> Int {
        state.withLock { $0.peakThreads[pid] ?? 0 }
    }

    /// Ends the watch (once the grade is over).
    package func stop() {
        state.withLock { $0.stopped = true }
    }

    private func sample(_ pid: Int32, isAnswer: Bool) {
        guard let fields = Self.stat(pid) else { return }
        // After the command (field 2, in parentheses): the state is field 3, utime 14,
        // stime 15 and num_threads 20 (counting from 1), so 11, 12 and 17 after the state.
        guard fields.count > 17, let user = UInt64(fields[11]), let system = UInt64(fields[12]),
            let threads = Int(fields[17])
        else { return }
        let seconds = Double(user + system) / ticks
        state.withLock { state in
            state.cpu[pid] = max(state.cpu[pid] ?? 0, seconds)
            if isAnswer { state.peakThreads[pid] = max(state.peakThreads[pid] ?? 0, threads) }
        }
    }

    /// The fields of `/proc/PID/stat` from the state on (the command may hold spaces).
    private static func stat(_ pid: Int32) -> [Substring]? {
        let fd = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 1024)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0, let close = buffer.prefix(count).lastIndex(of: UInt8(ascii: ")")) else { return nil }
        return String(decoding: buffer[(close + 1)..<count], as: UTF8.self).split(separator: " ")
    }

    /// Every CPU's busy time in seconds, from the first line of `/proc/stat` (user, nice,
    /// system, irq and softirq; not idle, I/O wait or steal, which `HeldBack` counts apart).
    private static func busy() -> Double {
        let fd = open("/proc/stat", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { return 0 }
        let line = String(decoding: buffer.prefix(count), as: UTF8.self).prefix { $0 != "\n" }
        let fields = line.split(separator: " ").dropFirst().compactMap { UInt64($0) }
        guard fields.count >= 7 else { return 0 }
        let ticks = Double(max(1, sysconf(Int32(_SC_CLK_TCK))))
        return Double(fields[0] + fields[1] + fields[2] + fields[5] + fields[6]) / ticks
    }

    /// What of `heldBack` a failure may be excused by: the steal time, and the run-queue
    /// waiting up to the CPU seconds processes outside the grade took meanwhile (`outside`):
    /// no thread waits longer for others than those others run.
    package static func excusable(_ heldBack: HeldBack, outside: Double) -> HeldBack {
        HeldBack(waiting: min(heldBack.waiting, max(0, outside)), stolen: heldBack.stolen)
    }
}
