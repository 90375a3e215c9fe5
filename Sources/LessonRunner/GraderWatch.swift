import Foundation
import LessonCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Watches the two processes of one check (the judge and the answer) while they run: every
/// 10 ms it reads each one's CPU time (user and system, all threads) and the answer's number
/// of threads from `/proc/PID/stat`. The CPU time is what the check's own processes took:
/// run-queue waiting up to that much may be their own doing (an answer that spins threads to
/// crowd the machine), so only waiting beyond it excuses a failure (`excusable`).
final class GraderWatch: Sendable {
    private struct State {
        /// The latest CPU time seen for each process, in clock ticks.
        var cpu: [Int32: UInt64] = [:]
        var answer: Int32? = nil
        var peakThreads = 0
        var pids: [Int32] = []
        var stopped = false
    }

    private let state = Mutex(State())

    init() {
        let thread = Thread { [self] in
            while true {
                let (pids, answer, stopped) = state.withLock { ($0.pids, $0.answer, $0.stopped) }
                if stopped { return }
                for pid in pids { sample(pid, isAnswer: pid == answer) }
                usleep(HeldBackMeter.period)
            }
        }
        thread.stackSize = 1 << 18
        thread.start()
    }

    /// Starts watching the answer's process.
    func answerStarted(_ pid: Int32) {
        state.withLock { state in
            state.answer = pid
            state.pids.append(pid)
        }
        sample(pid, isAnswer: true)
    }

    /// Starts watching the judge's process.
    func judgeStarted(_ pid: Int32) {
        state.withLock { $0.pids.append(pid) }
    }

    /// Ends the watch: the CPU seconds both processes took, and the most threads the answer
    /// was seen with.
    func stop() -> (cpu: Double, peakThreads: Int) {
        let (cpu, peak) = state.withLock { state in
            state.stopped = true
            return (state.cpu.values.reduce(0, +), state.peakThreads)
        }
        return (Double(cpu) / Double(max(1, sysconf(Int32(_SC_CLK_TCK)))), peak)
    }

    private func sample(_ pid: Int32, isAnswer: Bool) {
        guard let fields = Self.stat(pid) else { return }
        // After the command (field 2, in parentheses): state is field 3; utime 14, stime 15,
        // num_threads 20 (1-based), so 11, 12 and 17 after the state.
        guard fields.count > 17, let user = UInt64(fields[11]), let system = UInt64(fields[12]),
            let threads = Int(fields[17])
        else { return }
        state.withLock { state in
            state.cpu[pid] = max(state.cpu[pid] ?? 0, user + system)
            if isAnswer { state.peakThreads = max(state.peakThreads, threads) }
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
        let text = String(decoding: buffer[(close + 1)..<count], as: UTF8.self)
        return text.split(separator: " ")
    }

    /// What of `heldBack` a failure may be excused by: the steal time, and the run-queue
    /// waiting beyond the CPU time the check's own processes took (`cpu`, in seconds).
    static func excusable(_ heldBack: HeldBack, cpu: Double) -> HeldBack {
        HeldBack(waiting: max(0, heldBack.waiting - cpu), stolen: heldBack.stolen)
    }
}
