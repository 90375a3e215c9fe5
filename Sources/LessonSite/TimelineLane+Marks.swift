import LessonCore

extension TimelineLane {
    /// The lane of one snippet's recorded run, read from the checks' pairing of expected and
    /// actual lines (`TimelineMarks` over the report's `BlockMatch`es): every output line
    /// with its expected moment (if any) and verdict, then the timed expected lines that
    /// never appeared. Without a report, the timed expected lines as not recorded.
    init(_ snippet: Snippet, _ report: SnippetReport?, title: String? = nil) {
        let run = report?.run
        // A report decoded from a recorded run carries no pairing; pair it the checks' way.
        let matches = report.map { report in
            report.matches.isEmpty ? run.map { BlockMatch.all(snippet, $0) } ?? [] : report.matches
        }
        self.init(
            snippet, run: run, matches: matches ?? [],
            endOnTime: report?.checks.first { $0.kind == .elapsed }?.pass, title: title)
    }

    /// The lane of `run` given the checks' pairing `matches` and the verdict of the
    /// `elapsed` check (`endOnTime`), when there is one.
    init(_ snippet: Snippet, run: RunResult?, matches: [BlockMatch], endOnTime: Bool?, title: String? = nil) {
        let lines = run?.lines ?? []
        let marks = TimelineMarks(snippet, lines: lines, matches: matches)
        var expected: [Int: TimelineMarks.Band] = [:]
        for band in marks.matched { expected[band.row] = band }
        var rows = lines.enumerated().map { index, line in
            let kind = index < marks.classes.count ? marks.classes[index] : .plain
            guard let band = expected[index] else {
                return TimelineRow(
                    text: line.text, stream: line.stream, seen: line.t,
                    verdict: kind == .unexpected ? .unexpected : .untimed)
            }
            let verdict: TimelineRow.Verdict =
                kind == .late ? (line.t < band.stamp ? .early : .late) : kind == .unexpected ? .unexpected : .onTime
            return TimelineRow(
                text: line.text, stream: line.stream, seen: line.t, expected: (band.stamp, band.window),
                verdict: verdict)
        }
        if run == nil {
            rows += Self.expectedOnly(snippet)
        } else {
            for band in marks.unmatched {
                rows.append(
                    TimelineRow(
                        text: Self.patternText(band.text), stream: band.stream, seen: nil,
                        expected: (band.stamp, band.window), verdict: .missing))
            }
        }
        let endVerdict: TimelineRow.Verdict
        if let (at, window) = marks.elapsed {
            endVerdict =
                run.map { run in
                    endOnTime == true
                        ? .onTime
                        : endOnTime == false
                            ? (run.elapsed < at ? .early : .late)
                            : Self.verdict(run.elapsed, at, window)
                } ?? .notRecorded
        } else {
            endVerdict = .untimed
        }
        self.init(
            title: title, rows: rows, expectedEnd: marks.elapsed.map { (at: $0.0, window: $0.1) }, end: run?.elapsed,
            endLabel: run.map(Self.endLabel), endVerdict: endVerdict)
    }

    /// The stamped expected lines of a snippet that has no recorded run, with the windows
    /// of their blocks' tolerance.
    static func expectedOnly(_ snippet: Snippet) -> [TimelineRow] {
        snippet.timedBands.compactMap { band in
            let block = snippet.expectations[band.block]
            guard let stream = block.stream else { return nil }
            return TimelineRow(
                text: patternText(block.lines[band.line].raw), stream: stream, seen: nil,
                expected: (band.stamp, band.window), verdict: .notRecorded)
        }
    }

    /// On time, early or late: where the end of a run fell against its expected window.
    static func verdict(_ seen: Double, _ expected: Double, _ window: Double) -> TimelineRow.Verdict {
        if abs(seen - expected) <= window + 1e-9 { return .onTime }
        return seen < expected ? .early : .late
    }

    /// `[0.5s] done` as `done`.
    static func patternText(_ raw: String) -> String {
        guard raw.hasPrefix("["), let close = raw.firstIndex(of: "]") else { return raw }
        return String(raw[raw.index(after: close)...].drop { $0 == " " })
    }

    /// `exit 0 at 1.51s`, `SIGTRAP at 0.20s`, `killed after 5.00s`.
    static func endLabel(_ run: RunResult) -> String {
        if run.timedOut { return "killed after \(formatSeconds(run.elapsed))" }
        if let signal = run.signal { return "\(signalName(signal)) at \(formatSeconds(run.elapsed))" }
        return "exit \(run.exitCode ?? 0) at \(formatSeconds(run.elapsed))"
    }
}
