import LessonCore
import Testing

/// The status line's words: done/total, what runs now, and the time left at the pace so far.
struct ProgressTextTests {
    @Test func theLineCountsFromOneAndSaysTheTimeLeftOnceOneItemEnded() {
        #expect(
            ProgressText.line(done: 0, total: 12, current: "04-gather: compiling", elapsed: 3)
                == "[1/12] 04-gather: compiling")
        // 3 done in 30 s: 10 s each, 9 left.
        #expect(
            ProgressText.line(done: 3, total: 12, current: "05-x", elapsed: 30) == "[4/12] 05-x · about 1m 30s left")
        #expect(ProgressText.line(done: 1, total: 2, current: nil, elapsed: 4.4) == "[2/2] · about 4s left")
        // All done: nothing left to estimate, and the count never passes the total.
        #expect(ProgressText.line(done: 2, total: 2, current: "done", elapsed: 9) == "[2/2] done")
    }

    @Test func secondsLeftAndDurations() {
        #expect(ProgressText.secondsLeft(done: 0, total: 5, elapsed: 10) == nil)
        #expect(ProgressText.secondsLeft(done: 2, total: 5, elapsed: 10) == 15)
        #expect(ProgressText.secondsLeft(done: 5, total: 5, elapsed: 10) == nil)
        #expect(ProgressText.duration(0.2) == "1s")
        #expect(ProgressText.duration(59.4) == "59s")
        #expect(ProgressText.duration(125) == "2m 05s")
    }
}
