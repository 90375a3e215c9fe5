/// Matches the lines of an expectation block against the lines a stream produced.
package enum OutputMatcher {
    /// The most actual lines aligned one by one; beyond them, a trailing `...` still
    /// absorbs everything, and anything else is reported as a count.
    package static let alignmentLimit = 20_000

    /// The most line comparisons one block may cost; beyond it the ordered match falls back
    /// to a linear-memory match without a detailed diff, and an unordered one is refused.
    package static let comparisonLimit = 4_000_000

    /// The outcome of matching one block.
    package struct Outcome: Sendable {
        /// True when every line matched as text.
        package var textMatches: Bool
        /// Expected line index paired with actual line index, for the lines that matched.
        package var pairs: [(expected: Int, actual: Int)]
        /// Indices of the actual lines the block does not allow (the diff's `unexpected` rows).
        package var unexpected: [Int] = []
        /// The comparison to show on a mismatch.
        package var diff: [DiffLine]
    }

    /// Matches in order; `...` lines match any run of lines.
    package static func ordered(_ expected: [ExpectedLine], _ actual: [OutputLine]) -> Outcome {
        let m = expected.count
        let n = min(actual.count, alignmentLimit)
        let overflow = actual.count - n
        guard (m + 1) * (n + 1) <= comparisonLimit else { return glob(expected, actual) }
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
        var unexpected: [Int] = []
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
                unexpected.append(j)
                j += 1
            }
        }
        let endsOpen = expected.last?.isEllipsis ?? false
        if overflow > 0, !endsOpen {
            diff.append(DiffLine(kind: .unexpected, actual: "… and \(overflow) more lines"))
        }
        if overflow > 0, !endsOpen { unexpected += n..<actual.count }
        let textMatches = cost[0] == 0 && (overflow == 0 || endsOpen)
        return Outcome(textMatches: textMatches, pairs: pairs, unexpected: unexpected, diff: diff)
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
        guard wanted.count * candidates.count <= comparisonLimit else {
            return tooLarge(expected.count, actual.count)
        }
        let edges: [[Int]] = wanted.map { e in
            candidates.indices.filter {
                expected[e].pattern.matches(candidates[$0].text) && fits(expected[e], candidates[$0])
            }
        }
        // Maximum bipartite matching by augmenting paths, taking a free line first, so that
        // runs of identical lines match in one step each.
        var ownerOf = [Int?](repeating: nil, count: candidates.count)  // actual -> position in `wanted`
        var seen = [Bool](repeating: false, count: candidates.count)
        // The search for an augmenting path is depth-first with a stack of its own (a path may be
        // as long as the block), never a recursive call.
        func augment(_ root: Int) -> Bool {
            if let free = edges[root].first(where: { ownerOf[$0] == nil }) {
                ownerOf[free] = root
                return true
            }
            // The expected lines on the path, each with the next of its edges to try, and the
            // actual lines through which each one after the first was reached.
            var path: [(w: Int, edge: Int)] = [(root, 0)]
            var through: [Int] = []
            while let (w, edge) = path.last {
                guard edge < edges[w].count else {
                    path.removeLast()
                    if !through.isEmpty { through.removeLast() }
                    continue
                }
                path[path.count - 1].edge = edge + 1
                let a = edges[w][edge]
                guard !seen[a] else { continue }
                seen[a] = true
                guard let other = ownerOf[a] else { continue }
                if let free = edges[other].first(where: { ownerOf[$0] == nil }) {
                    ownerOf[free] = other
                    ownerOf[a] = w
                    for (index, line) in through.enumerated() { ownerOf[line] = path[index].w }
                    return true
                }
                path.append((other, 0))
                through.append(a)
            }
            return false
        }
        var matched = Set<Int>()
        for w in wanted.indices {
            for index in seen.indices { seen[index] = false }
            if augment(w) { matched.insert(w) }
        }
        var owner = [Int: Int]()
        for (a, w) in ownerOf.enumerated() { if let w { owner[a] = w } }
        var pairs: [(expected: Int, actual: Int)] = owner.map { (wanted[$0.value], $0.key) }
        pairs.sort { $0.actual < $1.actual }
        var diff: [DiffLine] = []
        var unexpected: [Int] = []
        let byActual = Dictionary(uniqueKeysWithValues: owner.map { ($0.key, $0.value) })
        for (index, line) in actual.enumerated() {
            if let w = byActual[index] {
                diff.append(DiffLine(kind: .same, expected: expected[wanted[w]].raw, actual: line.text, t: line.t))
            } else if !allowsExtra {
                diff.append(DiffLine(kind: .unexpected, actual: line.text, t: line.t))
                unexpected.append(index)
            }
        }
        for w in wanted.indices where !matched.contains(w) {
            diff.append(DiffLine(kind: .missing, expected: expected[wanted[w]].raw))
        }
        let textMatches =
            matched.count == wanted.count && (allowsExtra || actual.count == wanted.count)
        return Outcome(textMatches: textMatches, pairs: pairs, unexpected: unexpected, diff: diff)
    }

    /// Ordered matching in constant memory, like a wildcard match where `...` is the star:
    /// for blocks too large for the aligned diff. The diff shows where matching stopped.
    private static func glob(_ expected: [ExpectedLine], _ actual: [OutputLine]) -> Outcome {
        var e = 0
        var a = 0
        var star: (e: Int, a: Int)? = nil
        var pairs: [(expected: Int, actual: Int)] = []
        var starPairs = 0
        while a < actual.count {
            if e < expected.count, !expected[e].isEllipsis, expected[e].pattern.matches(actual[a].text) {
                pairs.append((e, a))
                e += 1
                a += 1
            } else if e < expected.count, expected[e].isEllipsis {
                star = (e, a)
                starPairs = pairs.count
                e += 1
            } else if let last = star {
                // Let the last `...` absorb one more line and try again from there.
                pairs.removeSubrange(starPairs...)
                star = (last.e, last.a + 1)
                e = last.e + 1
                a = last.a + 1
            } else {
                break
            }
        }
        while e < expected.count, expected[e].isEllipsis { e += 1 }
        let textMatches = e == expected.count && a == actual.count
        var diff: [DiffLine] = []
        var unexpected: [Int] = []
        if !textMatches {
            if e < expected.count { diff.append(DiffLine(kind: .missing, expected: expected[e].raw)) }
            if a < actual.count {
                diff.append(DiffLine(kind: .unexpected, actual: actual[a].text, t: actual[a].t))
                unexpected.append(a)
            }
        }
        return Outcome(textMatches: textMatches, pairs: pairs, unexpected: unexpected, diff: diff)
    }

    private static func tooLarge(_ expected: Int, _ actual: Int) -> Outcome {
        Outcome(
            textMatches: false, pairs: [],
            diff: [
                DiffLine(
                    kind: .missing,
                    expected:
                        "(an unordered block of \(expected) lines against \(actual) lines is too large to compare)")
            ])
    }
}
