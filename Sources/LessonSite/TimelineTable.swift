import LessonCore

/// The text alternative of a timeline: one table row per output line (and per expected line
/// that never came) with when it was expected, when it was seen and the verdict, then the
/// end of the run. Folded away on screens, open on paper.
enum TimelineTable {
    /// The table of `lanes`, inside a `<details>` element.
    static func html(_ lanes: [TimelineLane]) -> String {
        var out = "<details class=\"timeline-text\"><summary>The timeline as a table</summary>"
        out += "<table class=\"timeline-table\"><thead><tr><th scope=\"col\">Line</th><th scope=\"col\">Expected</th>"
        out += "<th scope=\"col\">Seen</th><th scope=\"col\">Verdict</th></tr></thead>\n"
        for lane in lanes {
            out += "<tbody>"
            if let title = lane.title {
                out += "<tr class=\"lane\"><th scope=\"rowgroup\" colspan=\"4\">\(HTML.text(title))</th></tr>"
            }
            for row in lane.rows {
                let stream = row.stream == .stderr ? " <small>(stderr)</small>" : ""
                out +=
                    "<tr class=\"\(css(row.verdict))\"><td><code>\(HTML.text(row.text))</code>\(stream)</td>"
                    + "<td>\(expected(row.expected))</td><td>\(row.seen.map(formatSeconds) ?? (row.verdict == .notYet ? "not yet" : "never"))</td>"
                    + "<td>\(HTML.text(verdict(row.verdict, seen: row.seen, expected: row.expected)))</td></tr>\n"
            }
            if lane.end != nil || lane.expectedEnd != nil {
                out +=
                    "<tr class=\"end \(css(lane.endVerdict))\"><td>end of run"
                    + "\(lane.endLabel.map { " (\(HTML.text($0)))" } ?? "")</td><td>\(expected(lane.expectedEnd))</td>"
                    + "<td>\(lane.end.map(formatSeconds) ?? (lane.endVerdict == .notYet ? "not yet" : "not recorded"))</td>"
                    + "<td>\(lane.endVerdict == .untimed ? "ended" : HTML.text(verdict(lane.endVerdict, seen: lane.end, expected: lane.expectedEnd)))</td></tr>\n"
            }
            out += "</tbody>"
        }
        return out + "</table></details>"
    }

    /// The row's class: `ok`, `off` (outside its window, missing or unexpected) or `untimed`.
    static func css(_ verdict: TimelineRow.Verdict) -> String {
        switch verdict {
        case .onTime: "ok"
        case .early, .late, .missing, .unexpected: "off"
        case .untimed, .notRecorded, .notYet: "untimed"
        }
    }

    /// `0.50s ±0.15s`, or `any time` for a line with no stamp.
    static func expected(_ expected: (at: Double, window: Double)?) -> String {
        guard let expected else { return "any time" }
        return "\(formatSeconds(expected.at)) ±\(formatSeconds(expected.window))"
    }

    /// `on time`, `late by 0.40s`, `missing`.
    static func verdict(_ verdict: TimelineRow.Verdict, seen: Double?, expected: (at: Double, window: Double)?)
        -> String
    {
        switch verdict {
        case .early, .late:
            guard let seen, let expected else { return verdict.rawValue }
            return "\(verdict.rawValue) by \(formatSeconds(abs(seen - expected.at)))"
        case .untimed: return "seen, not timed"
        default: return verdict.rawValue
        }
    }
}
