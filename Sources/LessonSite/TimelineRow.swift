import LessonCore

/// One row of a timeline and of its text alternative: an output line of the run, or an
/// expected line that never came, with when it was expected and when it was seen. The
/// timeline only draws these values; which line took which expectation is decided before.
struct TimelineRow: Sendable, Hashable {
    /// How the row fared against its expected moment.
    enum Verdict: String, Sendable, Hashable {
        /// Seen inside its window.
        case onTime = "on time"
        /// Seen before its window.
        case early
        /// Seen after its window.
        case late
        /// Expected with a time, never seen.
        case missing
        /// Seen, but its block did not allow it.
        case unexpected
        /// Seen, with no time to meet.
        case untimed = "no time expected"
        /// Expected, but the snippet has no recorded run.
        case notRecorded = "not recorded"
        /// Expected, and the run that could print it is still going (serve's live timeline).
        case notYet = "not yet"
    }

    /// The output line's text, or the expected line's pattern when it never came.
    var text: String
    /// The stream the line came on (or was expected on).
    var stream: StreamName
    /// When the line appeared, in seconds from the start; nil when it never did.
    var seen: Double?
    /// When the line was expected and the window around it; nil when it has no time.
    var expected: (at: Double, window: Double)?
    /// The row's verdict.
    var verdict: Verdict

    /// Rows are equal when every field is.
    static func == (left: Self, right: Self) -> Bool {
        left.text == right.text && left.stream == right.stream && left.seen == right.seen
            && left.expected?.at == right.expected?.at && left.expected?.window == right.expected?.window
            && left.verdict == right.verdict
    }

    /// Hashes the text, the moment seen and the verdict.
    func hash(into hasher: inout Hasher) {
        hasher.combine(text)
        hasher.combine(seen)
        hasher.combine(verdict)
    }
}

/// One run on a timeline: its rows, and how and when it ended against the expected end.
struct TimelineLane: Sendable {
    /// A name shown above the lane when several runs share one timeline; nil for one run.
    var title: String?
    /// The output lines and missing expected lines, in order.
    var rows: [TimelineRow]
    /// When the run was expected to end and the window around it.
    var expectedEnd: (at: Double, window: Double)?
    /// When the run ended; nil when it was never recorded.
    var end: Double?
    /// `exit 0 at 1.51s`, `killed after 5.00s`; nil when it was never recorded.
    var endLabel: String?
    /// How the end fared against `expectedEnd`.
    var endVerdict: TimelineRow.Verdict

    /// The latest moment the lane needs to show.
    var latest: Double {
        var latest = end ?? 0
        for row in rows {
            latest = max(latest, row.seen ?? 0)
            if let expected = row.expected { latest = max(latest, expected.at + expected.window) }
        }
        if let expectedEnd { latest = max(latest, expectedEnd.at + expectedEnd.window) }
        return latest
    }
}
