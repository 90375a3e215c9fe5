import LessonCore

/// The timeline `lesson serve`'s page shows under a live run: the static page's figure (both
/// drawings, the key and the table, drawn by `Timeline`), sent to the page as HTML, so the page
/// draws nothing of its own and the two cannot differ. While the run goes on, the lines so far
/// are paired with the expected lines the checks' way (`BlockMatch`), and an expected line not
/// seen yet is drawn as not yet seen (its band, no mark), not as missing; when it has ended, the
/// figure is the one the static page draws for that report.
package enum LiveTimeline {
    /// The figure of a run still going, from the lines it printed so far; nil when there is
    /// nothing to draw.
    package static func figure(_ snippet: Snippet, linesSoFar lines: [OutputLine]) -> String? {
        let run = RunResult(
            lines: lines, exitCode: nil, signal: nil, elapsed: lines.last?.t ?? 0, timedOut: false)
        var lane = TimelineLane(snippet, run: run, matches: BlockMatch.all(snippet, run), endOnTime: nil)
        for index in lane.rows.indices where lane.rows[index].verdict == .missing {
            lane.rows[index].verdict = .notYet
        }
        lane.end = nil
        lane.endLabel = "running…"
        lane.endVerdict = .notYet
        return Timeline(fitting: [lane]).figure([lane])
    }

    /// The figure of a run that ended, from its report: the static page's for that report.
    package static func figure(_ snippet: Snippet, _ report: SnippetReport) -> String? {
        let lane = TimelineLane(snippet, report)
        return Timeline(fitting: [lane]).figure([lane])
    }
}
