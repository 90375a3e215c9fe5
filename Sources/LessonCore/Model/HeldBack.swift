/// How long the machine kept a run's process from running while it wanted to: the longest
/// any of its threads waited for a CPU (the kernel's run-queue wait), and the most CPU time
/// the hypervisor took from any of the machine's CPUs (steal). Neither is the snippet's
/// doing, and either makes a line appear later than the code asked for.
package struct HeldBack: Sendable, Codable, Hashable {
    /// The longest total run-queue wait of one of the process's threads, in seconds.
    package var waiting: Double
    /// The largest steal time of one CPU during the run, in seconds.
    package var stolen: Double

    package init(waiting: Double, stolen: Double) {
        self.waiting = waiting
        self.stolen = stolen
    }

    /// The worse of two processes' figures, for a run made of both (a judge and an answer).
    package func combined(with other: HeldBack) -> HeldBack {
        HeldBack(waiting: max(waiting, other.waiting), stolen: max(stolen, other.stolen))
    }

    /// The two together: how late a line could be for reasons outside the snippet.
    package var seconds: Double { waiting + stolen }

    /// At or above this, a run that failed a check is run again (`SetAsideRun`): the machine,
    /// not the code, may have made it late. Far above what a run waits on a machine whose
    /// other core is busy (a few milliseconds), far below the lessons' tolerances.
    package static let disturbing = 0.05

    /// True when the run was held back long enough to put its timing in doubt.
    package var isDisturbing: Bool { seconds >= Self.disturbing }
}

/// A run that failed while the machine held it back (`HeldBack.isDisturbing`), set aside
/// and run again. The report keeps what it measured, so a set-aside run is never hidden.
package struct SetAsideRun: Sendable, Codable, Hashable {
    /// The run's wall time, in seconds.
    package var elapsed: Double
    /// How long the machine held it back.
    package var heldBack: HeldBack
    /// The kinds of the checks it failed.
    package var failed: [Check.Kind]

    package init(elapsed: Double, heldBack: HeldBack, failed: [Check.Kind]) {
        self.elapsed = elapsed
        self.heldBack = heldBack
        self.failed = failed
    }

    /// A run is set aside at most this often per snippet; after that the failure stands.
    package static let limit = 2

    /// The one rule for `lesson run` and `lesson grade`: a run that failed, was not stopped
    /// at its timeout (no short hold-up explains that), was held back enough to put its
    /// timing in doubt, and has fewer than `limit` runs set aside before it, is set aside.
    package static func applies(failed: Bool, timedOut: Bool, heldBack: HeldBack, before: Int) -> Bool {
        failed && !timedOut && heldBack.isDisturbing && before < limit
    }

    /// True for a run that failed only clock checks (`timing`, `elapsed`) and would have
    /// been set aside but for `limit`: the machine held back every run of it, so its lateness
    /// says nothing sure about the code. Such a run is not judged (an error that says why),
    /// never reported as the code's failure. A failure of any other check stands: the
    /// output it saw is what the code printed, however late.
    package static func undecided(failed: [Check.Kind], timedOut: Bool, heldBack: HeldBack) -> Bool {
        !failed.isEmpty && failed.allSatisfy { $0 == .timing || $0 == .elapsed } && !timedOut
            && heldBack.isDisturbing
    }

    /// True for a graded check whose last allowed run failed because the answer never
    /// replied in time (`hung`), while the machine held that run back for at least half of
    /// its wall time, as it held back the `limit` runs set aside before it. The clock ran
    /// out on the machine, not on the answer: such a check is not judged (an error that
    /// says why), never reported as the answer's failure. An answer that truly hangs waits
    /// without wanting a CPU, and one that spins beside other work still gets a fair share
    /// of one; neither comes near half, so their failure stands.
    package static func unjudged(hung: Bool, heldBack: HeldBack, elapsed: Double, before: Int) -> Bool {
        hung && before >= limit && heldBack.isDisturbing && heldBack.seconds * 2 >= elapsed
    }

    /// Why a run was not judged: the sentence `lesson run`, `lesson grade` and the pages show.
    package static func tooBusy(_ heldBack: HeldBack, setAside: Int) -> String {
        let seconds = (heldBack.seconds * 100).rounded() / 100
        let before = setAside == 1 ? "1 run before it" : "\(setAside) runs before it"
        return "not judged: the machine kept this run from running for \(seconds)s (and \(before), "
            + "set aside), too long for its timing to mean anything; run it again when the machine is less busy"
    }
}
