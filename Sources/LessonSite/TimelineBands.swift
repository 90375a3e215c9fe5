import LessonCore

/// The expected windows of a snippet's stamped lines, each placed on the row of the output
/// line it matched (found the way a reader would: the next line of the same stream whose
/// text fits the pattern), plus the window of an `elapsed=` expectation.
struct TimelineBands {
    /// A stamped expected line and where it sits.
    struct Band {
        var row: Int
        var stamp: Double
        var window: Double
        var text: String
    }

    /// Bands whose line appeared, on that line's row.
    var matched: [Band] = []
    /// Bands whose line never appeared; drawn on rows of their own below the output.
    var unmatched: [Band] = []
    /// Rows whose mark lies outside its band.
    var late: Set<Int> = []
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
                let band = Band(row: found ?? 0, stamp: stamp, window: tolerance.window(for: stamp), text: line.raw)
                if let found {
                    matched.append(band)
                    if !tolerance.accepts(lines[found].t, expected: stamp) { late.insert(found) }
                } else {
                    unmatched.append(band)
                }
            }
        }
    }
}
