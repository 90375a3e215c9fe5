import LessonCore

/// The expected windows of a snippet's stamped lines, each placed on the row of the output
/// line it matched (found the way a reader would: the next line of the same stream whose
/// text fits the pattern), plus the window of an `elapsed=` expectation. `TimelineLane`
/// reads it once; nothing else on the site does.
struct TimelineBands {
    /// A stamped expected line and where it sits.
    struct Band {
        var row: Int
        var stamp: Double
        var window: Double
        var text: String
        var stream: StreamName
    }

    /// Bands whose line appeared, on that line's row.
    var matched: [Band] = []
    /// Bands whose line never appeared; drawn on rows of their own below the output.
    var unmatched: [Band] = []
    /// The expected end of the run and its window.
    var elapsed: (Double, Double)?

    init(_ snippet: Snippet, lines: [OutputLine]) {
        var used = Set<Int>()
        for expectation in snippet.expectations {
            let tolerance = expectation.tolerance ?? snippet.tolerance ?? .standard
            if let seconds = expectation.elapsed, elapsed == nil {
                elapsed = (seconds, tolerance.window(for: seconds))
            }
            guard let stream = expectation.stream else { continue }
            var cursor = 0
            for line in expectation.lines where !line.isEllipsis {
                let candidates = lines.indices.filter { index in
                    (expectation.unordered || index >= cursor) && !used.contains(index)
                        && lines[index].stream == stream
                }
                let found = candidates.first { line.pattern.matches(lines[$0].text) }
                if let found {
                    used.insert(found)
                    if !expectation.unordered { cursor = found + 1 }
                }
                guard let stamp = line.stamp else { continue }
                let band = Band(
                    row: found ?? 0, stamp: stamp, window: tolerance.window(for: stamp), text: line.raw, stream: stream)
                if found != nil { matched.append(band) } else { unmatched.append(band) }
            }
        }
    }
}

extension TimelineLane {
    /// The lane of one snippet's run: every output line with its expected moment (if any)
    /// and verdict, then the timed expected lines that never appeared.
    init(_ snippet: Snippet, _ run: RunResult?, title: String? = nil) {
        let lines = run?.lines ?? []
        let bands = TimelineBands(snippet, lines: lines)
        var expected: [Int: TimelineBands.Band] = [:]
        for band in bands.matched { expected[band.row] = band }
        var rows = lines.enumerated().map { index, line in
            guard let band = expected[index] else {
                return TimelineRow(text: line.text, stream: line.stream, seen: line.t, verdict: .untimed)
            }
            return TimelineRow(
                text: line.text, stream: line.stream, seen: line.t, expected: (band.stamp, band.window),
                verdict: Self.verdict(line.t, band.stamp, band.window))
        }
        for band in bands.unmatched {
            rows.append(
                TimelineRow(
                    text: Self.patternText(band.text), stream: band.stream, seen: nil,
                    expected: (band.stamp, band.window), verdict: run == nil ? .notRecorded : .missing))
        }
        let endVerdict: TimelineRow.Verdict
        if let (at, window) = bands.elapsed {
            endVerdict = run.map { Self.verdict($0.elapsed, at, window) } ?? .notRecorded
        } else {
            endVerdict = .untimed
        }
        self.init(
            title: title, rows: rows, expectedEnd: bands.elapsed.map { (at: $0.0, window: $0.1) }, end: run?.elapsed,
            endLabel: run.map(Self.endLabel), endVerdict: endVerdict)
    }

    /// On time, early or late.
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
