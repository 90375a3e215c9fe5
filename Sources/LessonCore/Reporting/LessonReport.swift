/// The outcome of running one lesson: a report per snippet and a summary.
package struct LessonReport: Sendable, Codable {
    package var path: String
    package var title: String
    package var snippets: [SnippetReport]
    package var summary: Summary

    package init(path: String, title: String, snippets: [SnippetReport]) {
        self.path = path
        self.title = title
        self.snippets = snippets
        summary = Summary(snippets)
    }

    /// True when no snippet failed or errored.
    package var passed: Bool { summary.failed == 0 && summary.errors == 0 }
}

/// Counts of snippet outcomes.
package struct Summary: Sendable, Codable, Hashable {
    package var passed = 0
    package var failed = 0
    package var errors = 0
    package var skipped = 0
    /// Exercises whose starter (or edited code) does not pass yet: not a failure.
    package var unsolved = 0

    package init(_ snippets: [SnippetReport] = []) {
        for snippet in snippets { add(snippet.status) }
    }

    package mutating func add(_ status: SnippetReport.Status) {
        switch status {
        case .pass: passed += 1
        case .fail: failed += 1
        case .error: errors += 1
        case .skipped: skipped += 1
        case .unsolved: unsolved += 1
        }
    }

    /// `8 snippets: 6 passed, 2 skipped` (failed and errors named when there are any): the
    /// one wording of the counts that the terminal, `lesson list`, the site and `lesson serve`
    /// share.
    package var progress: String {
        var parts = ["\(passed) passed"]
        if failed > 0 { parts.append("\(failed) failed") }
        if errors > 0 { parts.append("\(errors) errors") }
        if skipped > 0 { parts.append("\(skipped) skipped") }
        if unsolved > 0 { parts.append("\(unsolved) exercise\(unsolved == 1 ? "" : "s") not yet solved") }
        let total = passed + failed + errors + skipped + unsolved
        return "\(total) snippet\(total == 1 ? "" : "s"): " + parts.joined(separator: ", ")
    }

    package mutating func add(_ other: Summary) {
        passed += other.passed
        failed += other.failed
        errors += other.errors
        skipped += other.skipped
        unsolved += other.unsolved
    }

    private enum CodingKeys: String, CodingKey {
        case passed, failed, errors, skipped, unsolved
    }

    /// Reads a summary; one recorded before exercises existed has no `unsolved` (zero).
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        passed = try container.decode(Int.self, forKey: .passed)
        failed = try container.decode(Int.self, forKey: .failed)
        errors = try container.decode(Int.self, forKey: .errors)
        skipped = try container.decode(Int.self, forKey: .skipped)
        unsolved = try container.decodeIfPresent(Int.self, forKey: .unsolved) ?? 0
    }
}

/// What happened to one snippet: its build, its (representative) run and every check.
package struct SnippetReport: Sendable, Codable {
    /// A snippet's overall outcome.
    package enum Status: String, Sendable, Codable {
        /// Every check passed (on every repeat).
        case pass
        /// A check failed.
        case fail
        /// `lesson` could not build or run it (a tool failure, not a lesson problem).
        case error
        /// Not run: `skip` or `prelude`.
        case skipped
        /// An `exercise` whose code does not pass its checks yet: expected of a starter, so
        /// not a failure of the lesson (`lesson run --solutions` and `--exercise` report
        /// `fail` instead).
        case unsolved
    }

    package var id: String
    package var line: Int
    package var mode: Snippet.Mode
    package var status: Status
    package var compile: CompileResult?
    /// The first failing run, or the last run when all passed.
    package var run: RunResult?
    /// The checks of the compile step and of `run`.
    package var checks: [Check]
    /// With `--repeat N`: how many runs passed and how every timed line spread.
    package var repeats: RepeatSummary?
    /// Why the snippet could not be built or run, for `error`; with `fail`, which limit of its
    /// learner's confinement stopped the run (`RunResult.confinementLimit`), when one did.
    package var error: String?
    /// Runs that failed while the machine held them back, set aside and run again; `run`,
    /// `checks` and `repeats` come from the runs that were kept. Nil when there were none.
    package var setAside: [SetAsideRun]? = nil
    /// How each output block paired with `run`, as the checks found it; not part of the
    /// JSON (a decoded report has none, and its reader pairs `run` again with `BlockMatch`).
    package var matches: [BlockMatch] = []

    private enum CodingKeys: String, CodingKey {
        case id, line, mode, status, compile, run, checks, repeats, error, setAside
    }

    package init(
        id: String, line: Int, mode: Snippet.Mode, status: Status, compile: CompileResult? = nil,
        run: RunResult? = nil, checks: [Check] = [], repeats: RepeatSummary? = nil, error: String? = nil
    ) {
        self.id = id
        self.line = line
        self.mode = mode
        self.status = status
        self.compile = compile
        self.run = run
        self.checks = checks
        self.repeats = repeats
        self.error = error
    }
}

/// Pass count and timing spread over repeated runs of one snippet.
package struct RepeatSummary: Sendable, Codable, Hashable {
    package var runs: Int
    package var passed: Int
    /// The run's wall time over all runs.
    package var elapsed: Spread
    /// One entry per stamped expected line.
    package var lines: [TimedLine]
}

extension RepeatSummary {
    /// The summary of the runs of `snippet` (at least one): pass count and, for every stamped
    /// expected line, the spread of its measured times, read from each run's pairing of
    /// expected and actual lines.
    package init(_ snippet: Snippet, _ runs: [(run: RunResult, verdict: RunVerdict)]) {
        var samples: [Int: [Int: [Double]]] = [:]
        var tolerances: [Int: Tolerance] = [:]
        for (_, verdict) in runs {
            for match in verdict.matches {
                tolerances[match.block] = match.tolerance
                for pair in match.timed {
                    samples[match.block, default: [:]][pair.expected, default: []].append(pair.t)
                }
            }
        }
        var lines: [TimedLine] = []
        for (blockIndex, block) in snippet.expectations.enumerated() {
            guard let tolerance = tolerances[blockIndex] else { continue }
            for (index, expected) in block.lines.enumerated() {
                guard let stamp = expected.stamp, let spread = Spread(samples[blockIndex]?[index] ?? []) else {
                    continue
                }
                lines.append(
                    TimedLine(
                        line: expected.sourceLine, text: expected.raw, expected: stamp,
                        window: tolerance.window(for: stamp), spread: spread))
            }
        }
        let passed = runs.filter { $0.verdict.checks.allSatisfy(\.pass) }.count
        self.init(runs: runs.count, passed: passed, elapsed: Spread(runs.map(\.run.elapsed))!, lines: lines)
    }
}

/// How the measured time of one stamped line spread over repeated runs.
package struct TimedLine: Sendable, Codable, Hashable {
    /// The expectation line in the lesson.
    package var line: Int
    package var text: String
    package var expected: Double
    package var window: Double
    package var spread: Spread
}

/// Minimum, median and maximum of some measurements, in seconds.
package struct Spread: Sendable, Codable, Hashable {
    package var min: Double
    package var median: Double
    package var max: Double
    package var count: Int

    /// Nil when there are no samples.
    package init?(_ samples: [Double]) {
        guard !samples.isEmpty else { return nil }
        let sorted = samples.sorted()
        min = sorted[0]
        max = sorted[sorted.count - 1]
        median = sorted[sorted.count / 2]
        count = sorted.count
    }
}

extension RunResult {
    private enum CodingKeys: String, CodingKey {
        case lines, exitCode, signal, elapsed, timedOut, truncated, heldBack, lingered, confinementLimit
    }

    /// Encodes every field, with `null` for an absent exit code or signal; `heldBack` only
    /// when it was measured, `lingered` only when the run lingered, `confinementLimit` only
    /// when a learner's limit stopped the run (older records lack all three).
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(lines, forKey: .lines)
        try container.encode(exitCode, forKey: .exitCode)
        try container.encode(signal, forKey: .signal)
        try container.encode(elapsed, forKey: .elapsed)
        try container.encode(timedOut, forKey: .timedOut)
        let truncated = Dictionary(uniqueKeysWithValues: truncatedBytes.map { ($0.key.rawValue, $0.value) })
        try container.encode(truncated, forKey: .truncated)
        try container.encodeIfPresent(heldBack, forKey: .heldBack)
        try container.encodeIfPresent(lingered, forKey: .lingered)
        try container.encodeIfPresent(confinementLimit, forKey: .confinementLimit)
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let truncated = try container.decodeIfPresent([String: Int].self, forKey: .truncated) ?? [:]
        self.init(
            lines: try container.decode([OutputLine].self, forKey: .lines),
            exitCode: try container.decodeIfPresent(Int32.self, forKey: .exitCode),
            signal: try container.decodeIfPresent(Int32.self, forKey: .signal),
            elapsed: try container.decode(Double.self, forKey: .elapsed),
            timedOut: try container.decode(Bool.self, forKey: .timedOut),
            truncatedBytes: Dictionary(
                uniqueKeysWithValues: truncated.compactMap { key, value in
                    StreamName(rawValue: key).map { ($0, value) }
                }))
        heldBack = try container.decodeIfPresent(HeldBack.self, forKey: .heldBack)
        lingered = try container.decodeIfPresent(Lingered.self, forKey: .lingered)
        confinementLimit = try container.decodeIfPresent(String.self, forKey: .confinementLimit)
    }
}
