import LessonCore
import Testing

@Suite struct SetAsideRuleTests {
    let held = HeldBack(waiting: 0.3, stolen: 0)
    let quiet = HeldBack(waiting: 0.002, stolen: 0)

    @Test func onlyAFailedRunHeldBackLongEnoughIsSetAside() {
        #expect(SetAsideRun.applies(failed: true, timedOut: false, heldBack: held, before: 0))
        #expect(!SetAsideRun.applies(failed: false, timedOut: false, heldBack: held, before: 0))
        #expect(!SetAsideRun.applies(failed: true, timedOut: false, heldBack: quiet, before: 0))
        // Steal counts as much as waiting, and the two add up.
        #expect(
            SetAsideRun.applies(failed: true, timedOut: false, heldBack: HeldBack(waiting: 0, stolen: 0.05), before: 0))
        #expect(
            SetAsideRun.applies(
                failed: true, timedOut: false, heldBack: HeldBack(waiting: 0.03, stolen: 0.02), before: 0))
    }

    @Test func aTimeoutAndTheLimitEndIt() {
        #expect(!SetAsideRun.applies(failed: true, timedOut: true, heldBack: held, before: 0))
        #expect(SetAsideRun.applies(failed: true, timedOut: false, heldBack: held, before: SetAsideRun.limit - 1))
        #expect(!SetAsideRun.applies(failed: true, timedOut: false, heldBack: held, before: SetAsideRun.limit))
    }

    @Test func twoProcessesCountAsTheWorseOfEach() {
        let judge = HeldBack(waiting: 0.01, stolen: 0.04)
        let answer = HeldBack(waiting: 0.2, stolen: 0.0)
        #expect(judge.combined(with: answer) == HeldBack(waiting: 0.2, stolen: 0.04))
    }
}
