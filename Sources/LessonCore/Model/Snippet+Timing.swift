extension Snippet {
    /// The tolerance that applies to the lines of expectation block `index`: the block's own,
    /// else the snippet's, else the standard one. The one rule the checks, `bless`, the site
    /// and serve use.
    package func tolerance(ofBlock index: Int) -> Tolerance {
        expectations[index].tolerance ?? tolerance ?? .standard
    }

    /// A stamped expected line and the window its block's tolerance gives it.
    package struct TimedBand: Sendable, Hashable {
        /// The expectation block, an index into `expectations`.
        package var block: Int
        /// The line, an index into the block's `lines`.
        package var line: Int
        /// When the line is expected, in seconds from the start.
        package var stamp: Double
        /// How far from `stamp` it may come.
        package var window: Double
    }

    /// Every stamped expected line (never a `...`), in order, with its window.
    package var timedBands: [TimedBand] {
        expectations.indices.flatMap { index in
            let tolerance = tolerance(ofBlock: index)
            return expectations[index].lines.enumerated().compactMap { offset, line -> TimedBand? in
                guard let stamp = line.stamp, !line.isEllipsis else { return nil }
                return TimedBand(block: index, line: offset, stamp: stamp, window: tolerance.window(for: stamp))
            }
        }
    }

    /// The expected end of a run (the first block that gives one) and its window.
    package var expectedEnd: (at: Double, window: Double)? {
        guard let index = expectations.firstIndex(where: { $0.elapsed != nil }), let at = expectations[index].elapsed
        else { return nil }
        return (at, tolerance(ofBlock: index).window(for: at))
    }
}
