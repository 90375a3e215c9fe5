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

    @Test func aClockFailureHeldBackOnceTheLimitIsSpentIsNotJudged() {
        #expect(SetAsideRun.undecided(failed: [.timing], timedOut: false, heldBack: held))
        #expect(SetAsideRun.undecided(failed: [.timing, .elapsed], timedOut: false, heldBack: held))
        // A pass, a timeout, a quiet run, or any failure the clock cannot explain (what the
        // code printed) is judged as it ran.
        #expect(!SetAsideRun.undecided(failed: [], timedOut: false, heldBack: held))
        #expect(!SetAsideRun.undecided(failed: [.timing], timedOut: true, heldBack: held))
        #expect(!SetAsideRun.undecided(failed: [.timing], timedOut: false, heldBack: quiet))
        #expect(!SetAsideRun.undecided(failed: [.timing, .output], timedOut: false, heldBack: held))
        #expect(!SetAsideRun.undecided(failed: [.exit], timedOut: false, heldBack: held))
        let sentence = SetAsideRun.tooBusy(HeldBack(waiting: 0.314, stolen: 0.01), setAside: SetAsideRun.limit)
        #expect(sentence.hasPrefix("not judged: "))
        #expect(sentence.contains("0.32s"))
        #expect(sentence.contains("\(SetAsideRun.limit) runs before it"))
    }

    @Test func aGradedCheckThatRanOutOfTimeWhileHeldBackForMostOfItIsNotJudged() {
        let limit = SetAsideRun.limit
        let mostly = HeldBack(waiting: 27, stolen: 0.1)
        #expect(SetAsideRun.unjudged(hung: true, heldBack: mostly, elapsed: 30, before: limit))
        // Held back exactly half of the run still counts; less than half does not.
        #expect(
            SetAsideRun.unjudged(hung: true, heldBack: HeldBack(waiting: 15, stolen: 0), elapsed: 30, before: limit))
        #expect(
            !SetAsideRun.unjudged(hung: true, heldBack: HeldBack(waiting: 14, stolen: 0), elapsed: 30, before: limit))
        // A failure of what the answer did stands, however busy the machine.
        #expect(!SetAsideRun.unjudged(hung: false, heldBack: mostly, elapsed: 30, before: limit))
        // Runs are set aside first; only the last allowed run can end not judged.
        #expect(!SetAsideRun.unjudged(hung: true, heldBack: mostly, elapsed: 30, before: limit - 1))
        // A quiet run is judged, however short.
        #expect(!SetAsideRun.unjudged(hung: true, heldBack: quiet, elapsed: 0.003, before: limit))
    }

    @Test func twoProcessesCountAsTheWorseOfEach() {
        let judge = HeldBack(waiting: 0.01, stolen: 0.04)
        let answer = HeldBack(waiting: 0.2, stolen: 0.0)
        #expect(judge.combined(with: answer) == HeldBack(waiting: 0.2, stolen: 0.04))
    }
}

@Suite struct NotJudgedReportTests {
    @Test func aCheckTheMachineKeptFromJudgingIsMarkedAsSuchWithoutAHint() {
        var busy = CheckResult(
            name: "inserts go in batches", hint: "Gather rows.", status: .error,
            message: SetAsideRun.tooBusy(HeldBack(waiting: 27, stolen: 0), setAside: SetAsideRun.limit))
        busy.cause = .busy
        busy.lesson = "Lessons/15-sqlite.md#x"
        var report = GradeReport(quiz: "06-bulk-loader", title: "The bulk loader", answer: "a.swift", status: .fail)
        report.checks = [CheckResult(name: "rows", status: .pass), busy]
        let text = GradeTerminalReport(color: false).render(report)
        #expect(text.contains("  ? inserts go in batches\n"))
        #expect(text.contains("not judged: the machine kept this run from running for 27.0s"))
        #expect(!text.contains("hint:") && !text.contains("read:"))
        #expect(text.contains("1 of 2 checks pass; 1 not judged, the machine was too busy"))
        // An ordinary failure keeps its cross, hint and lesson.
        busy.cause = nil
        busy.status = .fail
        report.checks = [busy]
        let failed = GradeTerminalReport(color: false).render(report)
        #expect(failed.contains("  ✗ inserts go in batches\n") && failed.contains("hint: Gather rows."))
        #expect(failed.contains("0 of 1 checks pass.\n"))
    }
}
