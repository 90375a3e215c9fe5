/// How the lines of one `output` or `stderr` block paired with the lines one run printed:
/// which actual line each expected line took, how early or late it came, the diff, and the
/// block's tolerance, resolved once. The checks, `bless`, `--repeat` spreads and the site's
/// timeline all read this value; nothing else pairs expected and actual lines.
package struct BlockMatch: Sendable, Hashable {
    /// The block's index in its snippet's `expectations`.
    package var block: Int
    /// The stream the block checks.
    package var stream: StreamName
    /// The block's tolerance: its own, else the snippet's, else the default.
    package var tolerance: Tolerance
    /// True when every expected line matched as text (times aside).
    package var textMatches: Bool
    /// The expected lines that found an actual line, in the order of the actual lines.
    package var pairs: [LinePair]
    /// Indices into the run's `lines` (both streams) of the lines the block did not allow.
    package var unexpected: [Int]
    /// Expected against actual, row by row; a stamped line outside its window is `.late`.
    package var diff: [DiffLine]

    /// The pairs of stamped lines, on time or not.
    package var timed: [LinePair] { pairs.filter { $0.stamp != nil } }
    /// The pairs of stamped lines that came outside their window.
    package var late: [LinePair] { pairs.filter { !$0.onTime } }
}

/// One expected line and the actual line it took.
package struct LinePair: Sendable, Hashable {
    /// Index into the block's `lines`.
    package var expected: Int
    /// Index into the run's lines of the block's stream.
    package var actual: Int
    /// Index into the run's `lines` (both streams), the row the timeline draws.
    package var row: Int
    /// When the actual line appeared.
    package var t: Double
    /// The expected line's stamp, if it has one.
    package var stamp: Double?
    /// The allowed distance from the stamp (0 without a stamp).
    package var window: Double
    /// True when the line has no stamp or came within its window.
    package var onTime: Bool

    /// How much later than its stamp the line came (negative: earlier); nil without a stamp.
    package var offset: Double? { stamp.map { t - $0 } }
}

extension BlockMatch {
    /// Pairs every `output` and `stderr` block of `snippet` with `run`, in block order.
    package static func all(_ snippet: Snippet, _ run: RunResult) -> [BlockMatch] {
        snippet.expectations.indices.compactMap { match(snippet, block: $0, run) }
    }

    /// Pairs one block with the lines of its stream; nil for a `diagnostics` block. An
    /// `unordered` block prefers the pairing in which stamped lines fit their windows, so
    /// repeated lines with different stamps each take the line that came at their time.
    package static func match(_ snippet: Snippet, block index: Int, _ run: RunResult) -> BlockMatch? {
        let block = snippet.expectations[index]
        guard let stream = block.stream else { return nil }
        let rows = run.lines.indices.filter { run.lines[$0].stream == stream }
        let actual = rows.map { run.lines[$0] }
        let tolerance = snippet.tolerance(ofBlock: index)
        var outcome: OutputMatcher.Outcome
        if block.unordered {
            outcome = OutputMatcher.unordered(block.lines, actual) { expected, line in
                expected.stamp.map { tolerance.accepts(line.t, expected: $0) } ?? true
            }
            if !outcome.textMatches {
                // Perhaps only the times are off: match on text alone to tell the two apart.
                let textOnly = OutputMatcher.unordered(block.lines, actual)
                if textOnly.textMatches { outcome = textOnly }
            }
        } else {
            outcome = OutputMatcher.ordered(block.lines, actual)
        }
        var diff = outcome.diff
        let pairs = outcome.pairs.map { pair -> LinePair in
            let expected = block.lines[pair.expected]
            let line = actual[pair.actual]
            let window = expected.stamp.map { tolerance.window(for: $0) } ?? 0
            let onTime = expected.stamp.map { tolerance.accepts(line.t, expected: $0) } ?? true
            if !onTime,
                let row = diff.firstIndex(where: {
                    $0.kind == .same && $0.expected == expected.raw && $0.t == line.t
                })
            {
                diff[row].kind = .late
            }
            return LinePair(
                expected: pair.expected, actual: pair.actual, row: rows[pair.actual], t: line.t,
                stamp: expected.stamp, window: window, onTime: onTime)
        }
        return BlockMatch(
            block: index, stream: stream, tolerance: tolerance, textMatches: outcome.textMatches,
            pairs: pairs, unexpected: outcome.unexpected.map { rows[$0] }, diff: diff)
    }
}
