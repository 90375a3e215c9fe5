/// The outcome of one hidden check of a quiz.
package struct CheckResult: Sendable, Codable, Hashable {
    /// How a check ended.
    package enum Status: String, Sendable, Codable {
        /// The check ran and the answer behaved.
        case pass
        /// The check ran and explained what the answer did wrong.
        case fail
        /// The check never reported: the process crashed, exited early or ran out of time.
        case error
    }

    /// Why a failed check could not judge the answer's behaviour at all.
    package enum Cause: String, Sendable, Codable {
        /// The answer never replied within the check's time: it hangs (or waits far too long).
        case hung
        /// The answer reached a limit of its confinement (threads, processes, memory).
        case limit
        /// Not judged: the machine held back every run of the check, and the last one ran
        /// out of time while held back for most of it (`SetAsideRun.unjudged`). Its status
        /// is `error`.
        case busy
    }

    /// The check's name, e.g. `one connection per request`.
    package var name: String
    /// The quiz task the check belongs to (1 unless the quiz has several parts).
    package var task: Int
    /// What to try when the check does not pass.
    package var hint: String
    /// The lesson section that teaches what the check looks for: `Lessons/FILE.md#slug`.
    package var lesson: String = ""
    package var status: Status
    /// What went wrong, in words; empty when the check passed.
    package var message: String
    /// What the answer printed while the check ran (both streams, in order).
    package var output: [String]
    /// Wall time of the check's process, in seconds.
    package var seconds: Double
    /// Runs of this check that failed while the machine held the judge or the answer back,
    /// set aside and run again (`SetAsideRun`); nil when there were none.
    package var setAside: [SetAsideRun]? = nil
    /// Where the answer's threads were when it was still running 1 s after its judge's
    /// verdict, and how long after the verdict it ended; nil when it had ended by then.
    package var lingered: Lingered? = nil
    /// Set when the check failed without seeing the answer behave: it hung, or reached a
    /// limit. nil for a pass, and for a failure of what the answer did.
    package var cause: Cause? = nil

    package init(
        name: String, task: Int = 1, hint: String = "", status: Status, message: String = "",
        output: [String] = [], seconds: Double = 0
    ) {
        self.name = name
        self.task = task
        self.hint = hint
        self.status = status
        self.message = message
        self.output = output
        self.seconds = seconds
    }

    /// True when the check passed.
    package var passed: Bool { status == .pass }

    /// True when the check failed on what the answer did, so its hint and lesson section
    /// apply; false for a pass and for a check that was not judged (nothing the answer did is
    /// in doubt there). Every report (terminal, JSON, pages) shows advice by this.
    package var advises: Bool { !passed && cause != .busy }
}
