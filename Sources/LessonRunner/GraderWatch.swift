import Foundation
import LessonCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Watches every process of one grade (each check's judge and answer) while it runs: every
/// 10 ms it reads each one's CPU time (user and system, all threads) and the answers' numbers
/// of threads from `/proc/PID/stat`. The CPU time is what the grade's own processes took:
/// run-queue waiting up to that much may be their own doing (an answer that spins threads in
/// every check to crowd the machine), so only waiting beyond it excuses a failure
/// (`excusable`).
package final class GraderWatch: Sendable {
    private struct State {
        /// The latest CPU time seen for each process, in clock ticks (kept after it ends).
        var cpu: [Int32: UInt64] = [:]
        /// The processes sampled now, and whether each is an answer.
        var watched: [Int32: Bool] = [:]
        /// The most threads each answer was seen with.
        var peakThreads: [Int32: Int] = [:]
        var stopped = false
    }

    private let state = Mutex(State())
    private let ticks = Double(max(1, sysconf(Int32(_SC_CLK_TCK))))

    init() {
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
    func started(_ pid: Int32, isAnswer: Bool) {
        state.withLock { $0.watched[pid] = isAnswer }
        sample(pid, isAnswer: isAnswer)
    }

    /// Stops watching a process that has ended; its CPU time stays counted.
    func ended(_ pid: Int32) {
        state.withLock { _ = $0.watched.removeValue(forKey: pid) }
    }

    /// The CPU seconds every process of the grade took so far.
    var cpu: Double {
        Double(state.withLock { $0.cpu.values.reduce(0, +) }) / ticks
    }

    /// The most threads the answer `pid` was seen with.
    func peakThreads(_ pid: Int32) -> Int {
        state.withLock { $0.peakThreads[pid] ?? 0 }
    }

    /// Ends the watch (once the grade is over).
    func stop() {
        state.withLock { $0.stopped = true }
    }

    private func sample(_ pid: Int32, isAnswer: Bool) {
        guard let fields = Self.stat(pid) else { return }
        // After the command (field 2, in parentheses): the state is field 3, utime 14,
        // stime 15 and num_threads 20 (counting from 1), so 11, 12 and 17 after the state.
        guard fields.count > 17, let user = UInt64(fields[11]), let system = UInt64(fields[12]),
            let threads = Int(fields[17])
        else { return }
        state.withLock { state in
            state.cpu[pid] = max(state.cpu[pid] ?? 0, user + system)
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

    /// What of `heldBack` a failure may be excused by: the steal time, and the run-queue
    /// waiting beyond the CPU time the grade's own processes took meanwhile (`cpu`, seconds).
    package static func excusable(_ heldBack: HeldBack, cpu: Double) -> HeldBack {
        HeldBack(waiting: max(0, heldBack.waiting - cpu), stolen: heldBack.stolen)
    }
}
