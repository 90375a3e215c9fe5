/// Turns what a snippet did into verdicts, one per expectation. Pure: it only looks at
/// values.
package enum Checker {
    /// Checks the compile step. `compile-fail` snippets must fail, with each expected
    /// diagnostic substring among the errors; all others must compile.
    package static func checkCompile(_ snippet: Snippet, _ result: CompileResult) -> [Check] {
        let errors = result.diagnostics.filter { $0.severity == .error }
        guard snippet.mode == .compileFail else {
            if result.succeeded {
                return [Check(kind: .compile, pass: true, message: "compiled", line: snippet.line)]
            }
            let first = errors.first.map { ": \($0.formatted)" } ?? ""
            return [
                Check(
                    kind: .compile, pass: false,
                    message: "did not compile (\(errors.count) error\(errors.count == 1 ? "" : "s"))\(first)",
                    line: snippet.line)
            ]
        }
        if result.succeeded {
            return [
                Check(
                    kind: .compile, pass: false,
                    message: "compiled, but the lesson says it must fail to compile", line: snippet.line)
            ]
        }
        var checks = [Check(kind: .compile, pass: true, message: "failed to compile, as expected", line: snippet.line)]
        if let block = snippet.expectation(.diagnostics) {
            let text = errors.map(\.message).joined(separator: "\n")
            for expected in block.lines where !Substring(expected.raw).trimmingSpaces.isEmpty {
                let wanted = String(Substring(expected.raw).trimmingSpaces)
                let found = text.contains(wanted)
                checks.append(
                    Check(
                        kind: .diagnostics, pass: found,
                        message: found
                            ? "the compiler reported \"\(wanted)\""
                            : "no compiler error contains \"\(wanted)\"; errors were: "
                                + (errors.isEmpty ? "(none)" : errors.map(\.message).joined(separator: " | ")),
                        line: expected.sourceLine))
            }
        }
        return checks
    }

    /// Checks one run: how it ended, its output, the time of each stamped line and the
    /// elapsed time.
    package static func checkRun(_ snippet: Snippet, _ run: RunResult) -> [Check] {
        check(snippet, run).checks
    }

    /// Pairs the run's lines with every output block once, then derives the checks from
    /// those pairings.
    package static func check(_ snippet: Snippet, _ run: RunResult) -> RunVerdict {
        let matches = BlockMatch.all(snippet, run)
        var checks = [exitCheck(snippet, run)]
        for match in matches {
            checks += outputChecks(snippet.expectations[match.block], match, run)
        }
        for (stream, dropped) in run.truncatedBytes.sorted(by: { $0.key.rawValue < $1.key.rawValue })
        where dropped > 0 {
            checks.append(
                Check(
                    kind: .limits, pass: false,
                    message: "\(stream.rawValue) went past the output cap; \(dropped) bytes were dropped",
                    line: snippet.line))
        }
        return RunVerdict(checks: checks, matches: matches)
    }

    private static func exitCheck(_ snippet: Snippet, _ run: RunResult) -> Check {
        let ending: String
        if run.timedOut {
            ending = "was killed after running past its timeout (\(formatSeconds(run.elapsed)))"
        } else if let signal = run.signal {
            ending = "crashed with \(signalName(signal)) (signal \(signal))"
        } else {
            ending = "exited with status \(run.exitCode ?? -1)"
        }
        let pass: Bool
        if run.timedOut {
            pass = false
        } else if snippet.expectsCrash {
            pass = run.signal != nil
        } else {
            pass = run.signal == nil && run.exitCode == snippet.expectedExit
        }
        let wanted = snippet.expectsCrash ? "a crash" : "exit status \(snippet.expectedExit)"
        return Check(
            kind: .exit, pass: pass,
            message: pass ? ending : "\(ending); expected \(wanted)", line: snippet.line)
    }

    private static func outputChecks(_ block: Expectation, _ match: BlockMatch, _ run: RunResult) -> [Check] {
        let stream = match.stream
        let count = run.lines.count { $0.stream == stream }
        let kind: Check.Kind = stream == .stdout ? .output : .stderr
        let tolerance = match.tolerance
        var checks: [Check] = []
        if match.textMatches {
            checks.append(
                Check(
                    kind: kind, pass: true, message: "\(count) line\(count == 1 ? "" : "s") matched", line: block.line))
        } else {
            let missing = match.diff.filter { $0.kind == .missing }.count
            let extra = match.diff.filter { $0.kind == .unexpected }.count
            var parts: [String] = []
            if missing > 0 { parts.append("\(missing) expected line\(missing == 1 ? "" : "s") missing") }
            if extra > 0 { parts.append("\(extra) unexpected") }
            checks.append(
                Check(
                    kind: kind, pass: false,
                    message: "\(stream.rawValue) differs: " + parts.joined(separator: ", "),
                    line: block.line,
                    diff: match.diff.map { row in
                        var row = row
                        if row.kind == .late { row.kind = .same }
                        return row
                    }))
        }
        // Each stamped line that matched as text must also have appeared on time.
        let late = match.late.map { pair -> String in
            let expected = block.lines[pair.expected]
            let text = run.lines[pair.row].text
            return "line \(expected.sourceLine) \"\(text)\" appeared at \(formatSeconds(pair.t)), "
                + "expected \(formatSeconds(pair.stamp ?? 0)) ±\(formatSeconds(pair.window))"
        }
        let stamped = match.timed.count
        if stamped > 0 {
            checks.append(
                late.isEmpty
                    ? Check(
                        kind: .timing, pass: true,
                        message: "\(stamped) timed line\(stamped == 1 ? "" : "s") on time", line: block.line)
                    : Check(
                        kind: .timing, pass: false, message: late.joined(separator: "; "),
                        line: block.line, diff: match.diff))
        }
        if let elapsed = block.elapsed {
            let pass = tolerance.accepts(run.elapsed, expected: elapsed)
            checks.append(
                Check(
                    kind: .elapsed, pass: pass,
                    message: "took \(formatSeconds(run.elapsed)), expected \(formatSeconds(elapsed)) "
                        + "±\(formatSeconds(tolerance.window(for: elapsed)))",
                    line: block.line))
        }
        return checks
    }
}

/// What checking one run found: the checks, and the pairing of every output block with the
/// run's lines that they were derived from.
package struct RunVerdict: Sendable {
    /// The checks of the run, in order: exit, then per block output/stderr, timing, elapsed,
    /// then limits.
    package var checks: [Check]
    /// One pairing per `output`/`stderr` block, in block order.
    package var matches: [BlockMatch]
}
