import Foundation
import LessonRunner
import Testing

@testable import JudgeKit

#if canImport(Glibc)
    import Glibc
#endif

/// What the judge reads of the answer's threads: a thread runnable in two samples with no
/// switch onto a CPU between them was held for the time between; anything else was not.
@Suite struct AnswerThreadsTests {
    static func thread(_ tid: Int32, runnable: Bool, switches: UInt64) -> ThreadState {
        ThreadState(tid: tid, runnable: runnable, switches: switches)
    }

    @Test func aThreadRunnableWithNoSwitchBetweenTwoSamplesWasHeldForTheTimeBetween() {
        var held = HeldThreads()
        #expect(held.observe([Self.thread(7, runnable: true, switches: 40)], at: 10.0) == 0)
        #expect(held.observe([Self.thread(7, runnable: true, switches: 40)], at: 10.25) == 0.25)
        // Counted from the first sample it was seen runnable in, not from the last one.
        #expect(held.observe([Self.thread(7, runnable: true, switches: 40)], at: 10.5) == 0.5)
    }

    @Test func aSwitchOntoACPUOrASleepStartsTheCountAgain() {
        var held = HeldThreads()
        _ = held.observe([Self.thread(7, runnable: true, switches: 40)], at: 1.0)
        // It got a CPU in between: seen runnable again, it is counted from this sample.
        #expect(held.observe([Self.thread(7, runnable: true, switches: 41)], at: 1.5) == 0)
        #expect(held.observe([Self.thread(7, runnable: true, switches: 41)], at: 1.6) > 0.09)
        // Asleep in one sample: whatever it does next is new.
        #expect(held.observe([Self.thread(7, runnable: false, switches: 41)], at: 1.7) == 0)
        #expect(held.observe([Self.thread(7, runnable: true, switches: 41)], at: 1.8) == 0)
    }

    @Test func theLongestHeldThreadCountsAndAThreadThatEndedIsForgotten() {
        var held = HeldThreads()
        let first = [Self.thread(1, runnable: true, switches: 5), Self.thread(2, runnable: true, switches: 9)]
        _ = held.observe(first, at: 0)
        let second = [Self.thread(1, runnable: true, switches: 6), Self.thread(2, runnable: true, switches: 9)]
        #expect(held.observe(second, at: 0.3) == 0.3)
        // Thread 2 ended; a new thread with its number later is a new thread.
        _ = held.observe([Self.thread(1, runnable: false, switches: 6)], at: 0.4)
        #expect(held.observe([Self.thread(2, runnable: true, switches: 9)], at: 0.5) == 0)
    }

    @Test func aThreadsStateIsReadAfterItsWholeNameWhateverTheNameHolds() {
        // A thread may name itself "x) S (": only the last parenthesis ends the name.
        #expect(ProcFS.state(inStat: "4242 (x) S (y) R 1 4242 4242 0 -1") == "R")
        #expect(ProcFS.state(inStat: "7 (sleep) S 1 7") == "S")
        #expect(ProcFS.state(inStat: "no name here") == nil)
    }

    @Test func theKernelSaysTheReadingThreadIsRunnable() throws {
        // This thread's id: /proc/thread-self points at PID/task/TID.
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self")
        let tid = try #require(link.split(separator: "/").last.flatMap { Int32($0) })
        let threads = try #require(AnswerThreads.sample(getpid()))
        let me = try #require(threads.first { $0.tid == tid })
        #expect(me.runnable)
        #expect(me.switches > 0)
    }

    @Test func aSleepingProcessIsNeverHeldAndAnEndedOneCannotBeRead() async throws {
        var pid: pid_t = 0
        let arguments: [UnsafeMutablePointer<CChar>?] = [strdup("sleep"), strdup("30"), nil]
        defer { arguments.forEach { free($0) } }
        #expect(posix_spawn(&pid, "/bin/sleep", nil, nil, arguments, environ) == 0)
        var reaped = false
        defer {
            if !reaped {
                kill(pid, SIGKILL)
                waitpid(pid, nil, 0)
            }
        }
        // Once it has gone to sleep, every sample finds it asleep, and nothing held.
        var asleep = false
        for _ in 0..<500 where !asleep {
            asleep = AnswerThreads.sample(pid)?.allSatisfy { !$0.runnable } ?? false
            if !asleep { try await Task.sleep(for: .milliseconds(10)) }
        }
        #expect(asleep)
        let threads = AnswerThreads(pid)
        for _ in 0..<5 {
            #expect(threads.held() == 0)
            try await Task.sleep(for: .milliseconds(20))
        }
        kill(pid, SIGKILL)
        waitpid(pid, nil, 0)
        reaped = true
        #expect(AnswerThreads.sample(pid) == nil)
        #expect(threads.held() == nil)
    }
}
