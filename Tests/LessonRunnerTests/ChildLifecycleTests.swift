import LessonRunner
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The child's lifecycle alone: times and events in, phases and signals out.
@Suite struct ChildLifecycleTests {
    @Test func aChildThatExitsInTimeTakesItsLeftoversWithIt() {
        var life = ChildLifecycle(start: 100, timeout: 5, grace: 1)
        #expect(life.advance(now: 101, exitStatus: nil, cancelled: false, streamsOpen: true).isEmpty)
        #expect(life.phase == .running)
        let actions = life.advance(now: 102, exitStatus: 0, cancelled: false, streamsOpen: false)
        #expect(actions == [.endTree])
        #expect(life.phase == .finished(status: 0, exitedAt: 102))
        #expect(!life.timedOut)
    }

    @Test func aTimeoutSendsTermThenKillAfterTheGrace() {
        var life = ChildLifecycle(start: 0, timeout: 2, grace: 1)
        #expect(life.advance(now: 1.9, exitStatus: nil, cancelled: false, streamsOpen: true).isEmpty)
        #expect(life.advance(now: 2.0, exitStatus: nil, cancelled: false, streamsOpen: true) == [.signalGroup(SIGTERM)])
        #expect(life.phase == .terminating(killAt: 3.0))
        #expect(life.timedOut)
        #expect(life.advance(now: 2.5, exitStatus: nil, cancelled: false, streamsOpen: true).isEmpty)
        #expect(life.advance(now: 3.0, exitStatus: nil, cancelled: false, streamsOpen: true) == [.signalGroup(SIGKILL)])
        #expect(life.phase == .killed)
        // Nothing more is sent while it dies.
        #expect(life.advance(now: 3.1, exitStatus: nil, cancelled: false, streamsOpen: true).isEmpty)
        _ = life.advance(now: 3.2, exitStatus: SIGKILL, cancelled: false, streamsOpen: true)
        #expect(life.phase == .draining(status: SIGKILL, exitedAt: 3.2, drainUntil: 3.7))
        _ = life.advance(now: 3.3, exitStatus: nil, cancelled: false, streamsOpen: false)
        #expect(life.phase == .finished(status: SIGKILL, exitedAt: 3.2))
        #expect(life.timedOut)
    }

    @Test func aChildThatExitsWhileTermIsPendingIsNotKilledAgainLater() {
        var life = ChildLifecycle(start: 0, timeout: 1, grace: 5)
        _ = life.advance(now: 1, exitStatus: nil, cancelled: false, streamsOpen: true)
        _ = life.advance(now: 1.2, exitStatus: 15, cancelled: false, streamsOpen: false)
        #expect(life.phase == .finished(status: 15, exitedAt: 1.2))
        #expect(life.advance(now: 7, exitStatus: nil, cancelled: false, streamsOpen: false).isEmpty)
    }

    @Test func outputIsDrainedOnlyUntilTheDrainDeadline() {
        var life = ChildLifecycle(start: 0, timeout: 10, grace: 1, drain: 0.5)
        _ = life.advance(now: 1, exitStatus: 0, cancelled: false, streamsOpen: true)
        #expect(life.isAlive == false && life.isFinished == false)
        _ = life.advance(now: 1.4, exitStatus: nil, cancelled: false, streamsOpen: true)
        #expect(!life.isFinished)
        _ = life.advance(now: 1.5, exitStatus: nil, cancelled: false, streamsOpen: true)
        #expect(life.phase == .finished(status: 0, exitedAt: 1))
    }

    @Test func cancellingKillsAtOnceAndIsNotATimeout() {
        var life = ChildLifecycle(start: 0, timeout: 10, grace: 1)
        #expect(life.advance(now: 0.5, exitStatus: nil, cancelled: true, streamsOpen: true) == [.signalGroup(SIGKILL)])
        #expect(life.phase == .killed)
        #expect(life.advance(now: 0.6, exitStatus: nil, cancelled: true, streamsOpen: true).isEmpty)
        #expect(!life.timedOut)
        // Cancelling during the grace skips the rest of it.
        var late = ChildLifecycle(start: 0, timeout: 1, grace: 5)
        _ = late.advance(now: 1, exitStatus: nil, cancelled: false, streamsOpen: true)
        #expect(late.advance(now: 1.1, exitStatus: nil, cancelled: true, streamsOpen: true) == [.signalGroup(SIGKILL)])
    }

    @Test func theRunnerNeverSleepsPastTheNextDeadline() {
        var life = ChildLifecycle(start: 0, timeout: 1, grace: 0.5)
        #expect(life.pollTimeout(now: 0, streamsOpen: true) == 25)
        // 7.8 ms to the timeout, rounded up.
        #expect(life.pollTimeout(now: 0.9921875, streamsOpen: true) == 8)
        #expect(life.pollTimeout(now: 0.5, streamsOpen: false) == 1)
        #expect(life.pollTimeout(now: 1.5, streamsOpen: true) == 0)
        _ = life.advance(now: 1, exitStatus: nil, cancelled: false, streamsOpen: true)
        #expect(life.pollTimeout(now: 1.4921875, streamsOpen: true) == 8)
    }

    @Test func whenTheExitWakesTheRunnerItWaitsLongerButNotPastADeadline() {
        var life = ChildLifecycle(start: 0, timeout: 10, grace: 1, drain: 0.5)
        #expect(life.pollTimeout(now: 0, streamsOpen: true, exitWatched: true) == 250)
        #expect(life.pollTimeout(now: 0, streamsOpen: false, exitWatched: true) == 250)
        #expect(life.pollTimeout(now: 9.875, streamsOpen: true, exitWatched: true) == 125)
        // Once it exited the watch says nothing more: back to short waits while draining.
        _ = life.advance(now: 1, exitStatus: 0, cancelled: false, streamsOpen: true)
        #expect(life.pollTimeout(now: 1, streamsOpen: true, exitWatched: true) == 25)
    }
}
