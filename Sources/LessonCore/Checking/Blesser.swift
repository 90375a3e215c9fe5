/// Rewrites a lesson's `output` and `stderr` blocks to match what its snippets actually
/// printed. Lines that still match (placeholders, `...`, stamps within tolerance) stay as
/// written; every byte outside those blocks' content is left unchanged, and so are an
/// exercise's blocks, which say what its solution prints, not its starter.
package enum Blesser {
    /// The lesson's new text given each snippet's run (keyed by snippet id), and the
    /// expectation blocks that changed. Pairs each run with `BlockMatch`, as the checks do.
    package static func bless(_ lesson: Lesson, runs: [String: RunResult]) -> (text: String, changed: [Expectation]) {
        var matched: [String: (RunResult, [BlockMatch])] = [:]
        for snippet in lesson.snippets {
            if let run = runs[snippet.id] { matched[snippet.id] = (run, BlockMatch.all(snippet, run)) }
        }
        return bless(lesson, matched: matched)
    }

    /// The lesson's new text given each snippet's run and the pairing its checks found
    /// (keyed by snippet id), and the expectation blocks that changed.
    package static func bless(
        _ lesson: Lesson, matched: [String: (run: RunResult, matches: [BlockMatch])]
    ) -> (text: String, changed: [Expectation]) {
        var source = SourceLines(lesson.source)
        var replacements: [(Expectation, [String])] = []
        // An exercise's blocks describe its solution: a run of its starter never rewrites them.
        for snippet in lesson.snippets where snippet.mode != .exercise {
            guard let (run, matches) = matched[snippet.id] else { continue }
            for match in matches {
                let block = snippet.expectations[match.block]
                let updated = blessedLines(block, match, run.lines(of: match.stream))
                if updated != block.lines.map(\.raw) { replacements.append((block, updated)) }
            }
        }
        // Bottom-up, so earlier line numbers stay valid.
        for (block, updated) in replacements.sorted(by: { $0.0.line > $1.0.line }) {
            let fence = source.lines[block.line - 1]
            let prefix = containerPrefix(fence.text, fenceColumn: block.column)
            let range = (block.contentLines.lowerBound - 1)..<(block.contentLines.upperBound - 1)
            source.lines.replaceSubrange(
                range,
                with: updated.map {
                    SourceLines.Line(
                        text: $0.isEmpty ? prefix.trimmingTrailingSpaces : prefix + $0, ending: fence.ending)
                })
        }
        return (source.text, replacements.map(\.0))
    }

    /// The block's new lines.
    private static func blessedLines(_ block: Expectation, _ match: BlockMatch, _ actual: [OutputLine]) -> [String] {
        let tolerance = match.tolerance
        if block.unordered {
            let partner = Dictionary(
                match.pairs.map { ($0.expected, $0.actual) }, uniquingKeysWith: { first, _ in first })
            var result: [String] = []
            for (index, line) in block.lines.enumerated() {
                if line.isEllipsis {
                    result.append(line.raw)
                } else if let taken = partner[index] {
                    result.append(restamped(line, actual[taken], tolerance))
                }
            }
            if !block.lines.contains(where: \.isEllipsis) {
                let used = Set(match.pairs.map(\.actual))
                result += actual.indices.filter { !used.contains($0) }.map { fresh(actual[$0], stamped: block) }
            }
            return result
        }
        var pairs = match.pairs[...]
        var result: [String] = []
        for row in match.diff {
            switch row.kind {
            case .same where row.expected == "...":
                if result.last != "..." { result.append("...") }
            case .same, .late:
                guard let pair = pairs.popFirst() else { continue }
                result.append(restamped(block.lines[pair.expected], actual[pair.actual], tolerance))
            case .missing:
                continue
            case .unexpected:
                if let line = actual.first(where: { $0.text == row.actual && $0.t == row.t }) {
                    result.append(fresh(line, stamped: block))
                }
            }
        }
        return result
    }

    /// What blessing cannot fix (exits, crashes, compile errors, elapsed times): the checks
    /// that still fail when the blessed `text` is checked against the same runs, each with
    /// its snippet's id and line in `text`.
    package static func stillFailing(_ text: String, path: String, report: LessonReport) -> [(
        snippet: String, line: Int, check: Check
    )] {
        let blessed = LessonParser.parse(text, path: path).0
        var failing: [(snippet: String, line: Int, check: Check)] = []
        for snippet in report.snippets where snippet.mode != .exercise {
            guard let reparsed = blessed.snippets.first(where: { $0.id == snippet.id }) else { continue }
            var checks = snippet.compile.map { Checker.checkCompile(reparsed, $0) } ?? []
            if let run = snippet.run { checks += Checker.checkRun(reparsed, run) }
            for check in checks where !check.pass { failing.append((snippet.id, reparsed.line, check)) }
        }
        return failing
    }

    /// The expected line as written, unless its stamp no longer fits: then the measured time.
    private static func restamped(_ line: ExpectedLine, _ actual: OutputLine, _ tolerance: Tolerance) -> String {
        guard let stamp = line.stamp, !tolerance.accepts(actual.t, expected: stamp) else { return line.raw }
        let text = line.raw.drop { $0 != "]" }.dropFirst(2)
        return "[\(tenths(actual.t))] \(text)"
    }

    /// A new line for actual output; stamped when the block uses stamps.
    private static func fresh(_ line: OutputLine, stamped block: Expectation) -> String {
        let text = LinePattern.escaped(line.text)
        return block.lines.contains { $0.stamp != nil } ? "[\(tenths(line.t))] \(text)" : text
    }

    private static func tenths(_ seconds: Double) -> String {
        let value = Int((seconds * 10).rounded())
        return "\(value / 10).\(value % 10)s"
    }

    /// What precedes the fence on its line, with list markers turned into spaces and block
    /// quote markers kept, so new lines sit in the same container.
    private static func containerPrefix(_ fenceLine: String, fenceColumn: Int) -> String {
        String(
            fenceLine.utf8.prefix(fenceColumn - 1).map {
                $0 == UInt8(ascii: ">") || $0 == 9 ? Character(UnicodeScalar($0)) : " "
            })
    }
}

extension String {
    fileprivate var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
