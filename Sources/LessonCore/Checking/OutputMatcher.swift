/// Matches the lines of an expectation block against the lines a stream produced.
package enum OutputMatcher {
    /// The most actual lines aligned one by one; beyond them, a trailing `...` still
    /// absorbs everything, and anything else is reported as a count.
    package static let alignmentLimit = 20_000

    /// The outcome of matching one block.
    package struct Outcome: Sendable {
        /// True when every line matched as text.
        package var textMatches: Bool
        /// Expected line index paired with actual line index, for the lines that matched.
        package var pairs: [(expected: Int, actual: Int)]
        /// The comparison to show on a mismatch.
        package var diff: [DiffLine]
    }

    /// Matches in order; `...` lines match any run of lines.
    package static func ordered(_ expected: [ExpectedLine], _ actual: [OutputLine]) -> Outcome {
        let m = expected.count
        let n = min(actual.count, alignmentLimit)
        let overflow = actual.count - n
        let width = n + 1
        // cost[i * width + j]: fewest edits aligning expected[i...] with actual[j..<n].
        var cost = [Int32](repeating: 0, count: (m + 1) * width)
        for j in 0...n { cost[m * width + j] = Int32(n - j) }
        let text = actual.prefix(n).map(\.text)
        for i in stride(from: m - 1, through: 0, by: -1) {
            let line = expected[i]
            for j in stride(from: n, through: 0, by: -1) {
                if line.isEllipsis {
                    var best = cost[(i + 1) * width + j]
                    if j < n { best = min(best, cost[i * width + j + 1]) }
                    cost[i * width + j] = best
                } else {
                    var best = 1 + cost[(i + 1) * width + j]
                    if j < n {
                        best = min(best, 1 + cost[i * width + j + 1])
                        if line.pattern.matches(text[j]) {
                            best = min(best, cost[(i + 1) * width + j + 1])
                        }
                    }
                    cost[i * width + j] = best
                }
            }
        }
        // Walk the cheapest alignment to build the pairs and the diff.
        var pairs: [(expected: Int, actual: Int)] = []
        var diff: [DiffLine] = []
        var i = 0
        var j = 0
        while i < m || j < n {
            let here = cost[i * width + j]
            if i < m, expected[i].isEllipsis {
                if j < n, cost[i * width + j + 1] == here, cost[(i + 1) * width + j] != here {
                    diff.append(DiffLine(kind: .same, expected: "...", actual: text[j], t: actual[j].t))
                    j += 1
                } else {
                    // Record the ellipsis itself, so diffs and `bless` keep it.
                    diff.append(DiffLine(kind: .same, expected: "..."))
                    i += 1
                }
                continue
            }
            if i < m, j < n, expected[i].pattern.matches(text[j]),
                cost[(i + 1) * width + j + 1] == here
            {
                pairs.append((i, j))
                diff.append(
                    DiffLine(kind: .same, expected: expected[i].raw, actual: text[j], t: actual[j].t))
                i += 1
                j += 1
            } else if i < m, cost[(i + 1) * width + j] + 1 == here {
                diff.append(DiffLine(kind: .missing, expected: expected[i].raw))
                i += 1
            } else {
                diff.append(DiffLine(kind: .unexpected, actual: text[j], t: actual[j].t))
                j += 1
            }
        }
        let endsOpen = expected.last?.isEllipsis ?? false
        if overflow > 0, !endsOpen {
            diff.append(DiffLine(kind: .unexpected, actual: "… and \(overflow) more lines"))
        }
        let textMatches = cost[0] == 0 && (overflow == 0 || endsOpen)
        return Outcome(textMatches: textMatches, pairs: pairs, diff: diff)
    }

    /// Matches as a multiset: every expected line needs its own actual line; extra actual
    /// lines are allowed only when the block has a `...` line. `fits` adds a condition on a
    /// pair (used to prefer pairings whose times fit).
    package static func unordered(
        _ expected: [ExpectedLine], _ actual: [OutputLine],
        fits: (ExpectedLine, OutputLine) -> Bool = { _, _ in true }
    ) -> Outcome {
        let wanted = expected.indices.filter { !expected[$0].isEllipsis }
        let allowsExtra = wanted.count < expected.count
        let candidates = actual.prefix(alignmentLimit)
        let edges: [[Int]] = wanted.map { e in
            candidates.indices.filter {
                expected[e].pattern.matches(candidates[$0].text) && fits(expected[e], candidates[$0])
            }
        }
        var owner = [Int: Int]()  // actual index -> position in `wanted`
        func augment(_ w: Int, _ seen: inout Set<Int>) -> Bool {
            for a in edges[w] where !seen.contains(a) {
                seen.insert(a)
                if let other = owner[a] {
                    if augment(other, &seen) {
                        owner[a] = w
                        return true
                    }
                } else {
                    owner[a] = w
                    return true
                }
            }
            return false
        }
        var matched = Set<Int>()
        for w in wanted.indices {
            var seen = Set<Int>()
            if augment(w, &seen) { matched.insert(w) }
        }
        var pairs: [(expected: Int, actual: Int)] = owner.map { (wanted[$0.value], $0.key) }
        pairs.sort { $0.actual < $1.actual }
        var diff: [DiffLine] = []
        let byActual = Dictionary(uniqueKeysWithValues: owner.map { ($0.key, $0.value) })
        for (index, line) in actual.enumerated() {
            if let w = byActual[index] {
                diff.append(DiffLine(kind: .same, expected: expected[wanted[w]].raw, actual: line.text, t: line.t))
            } else if !allowsExtra {
                diff.append(DiffLine(kind: .unexpected, actual: line.text, t: line.t))
            }
        }
        for w in wanted.indices where !matched.contains(w) {
            diff.append(DiffLine(kind: .missing, expected: expected[wanted[w]].raw))
        }
        let textMatches =
            matched.count == wanted.count && (allowsExtra || actual.count == wanted.count)
        return Outcome(textMatches: textMatches, pairs: pairs, diff: diff)
    }
}
