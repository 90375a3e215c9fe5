import LessonCore

/// What the timeline of one run draws, read from the checks' pairing of expected and
/// actual lines (`BlockMatch`): the expected window of every stamped line on the row of the
/// line it took, the windows of lines that never came, and a class for every mark (on
/// time, late, unexpected). The site never pairs lines itself, so it cannot disagree with
/// the verdict.
package struct TimelineMarks: Sendable {
    /// How a mark is drawn.
    package enum Class: String, Sendable, Hashable {
        /// The line took a stamped expected line and came within its window.
        case onTime = "on-time"
        /// The line took a stamped expected line and came outside its window.
        case late
        /// The line's block did not allow it (the diff's `unexpected` rows).
        case unexpected
        /// Anything else: an unstamped line, or a stream no block checks.
        case plain
    }

    /// A stamped expected line and where it sits.
    struct Band {
        var row: Int
        var stamp: Double
        var window: Double
        var text: String
        /// The stream of the expected line's block.
        var stream: StreamName
    }

    /// Bands whose line appeared, on that line's row.
    var matched: [Band] = []
    /// Bands whose line never appeared; drawn on rows of their own below the output.
    var unmatched: [Band] = []
    /// The class of the mark of each row (index into the run's lines).
    package private(set) var classes: [Class]
    /// The expected end of the run and its window.
    var elapsed: (Double, Double)?

    /// The marks of `lines` (the run's lines) given the checks' pairing `matches`.
    package init(_ snippet: Snippet, lines: [OutputLine], matches: [BlockMatch]) {
        classes = Array(repeating: .plain, count: lines.count)
        elapsed = snippet.expectedEnd.map { ($0.at, $0.window) }
        for match in matches where match.block < snippet.expectations.count {
            let block = snippet.expectations[match.block]
            var taken = Set<Int>()
            for pair in match.pairs where pair.row < lines.count {
                taken.insert(pair.expected)
                guard let stamp = pair.stamp else { continue }
                matched.append(
                    Band(
                        row: pair.row, stamp: stamp, window: pair.window, text: block.lines[pair.expected].raw,
                        stream: match.stream))
                classes[pair.row] = pair.onTime ? .onTime : .late
            }
            for row in match.unexpected where row < lines.count { classes[row] = .unexpected }
            for (index, line) in block.lines.enumerated() where !taken.contains(index) {
                guard let stamp = line.stamp, !line.isEllipsis else { continue }
                unmatched.append(
                    Band(
                        row: 0, stamp: stamp, window: match.tolerance.window(for: stamp), text: line.raw,
                        stream: match.stream))
            }
        }
    }
}
