/// Turns what a snippet did into verdicts, one per expectation. Pure: it only looks at
/// values.
package enum Checker {
    /// Checks the compile step. `compile-fail` snippets must fail, with each expected
    /// diagnostic substring among the errors; all others must compile.
    package static func checkCompile(_ snippet: Snippet, _ result: CompileResult) -> [Check] {
        let errors = result.diagnostics.filter { $0.severity == "error" }
        guard snippet.mode == .compileFail else {
            if result.succeeded {
                return [Check(kind: "compile", pass: true, message: "compiled", line: snippet.line)]
            }
            let first = errors.first.map { ": \($0.formatted)" } ?? ""
            return [
                Check(
                    kind: "compile", pass: false,
                    message: "did not compile (\(errors.count) error\(errors.count == 1 ? "" : "s"))\(first)",
                    line: snippet.line)
            ]
        }
        if result.succeeded {
            return [
                Check(
                    kind: "compile", pass: false,
                    message: "compiled, but the lesson says it must fail to compile", line: snippet.line)
            ]
        }
        var checks = [Check(kind: "compile", pass: true, message: "failed to compile, as expected", line: snippet.line)]
        if let block = snippet.expectation(.diagnostics) {
            let text = errors.map(\.message).joined(separator: "\n")
            for expected in block.lines where !Substring(expected.raw).trimmingSpaces.isEmpty {
                let wanted = String(Substring(expected.raw).trimmingSpaces)
                let found = text.contains(wanted)
                checks.append(
                    Check(
                        kind: "diagnostics", pass: found,
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
        var checks = [exitCheck(snippet, run)]
        for block in snippet.expectations {
            guard let stream = block.stream else { continue }
            checks += outputChecks(snippet, block, stream, run)
        }
        for (stream, dropped) in run.truncatedBytes.sorted(by: { $0.key.rawValue < $1.key.rawValue })
        where dropped > 0 {
            checks.append(
                Check(
                    kind: "limits", pass: false,
                    message: "\(stream.rawValue) went past the output cap; \(dropped) bytes were dropped",
                    line: snippet.line))
        }
        return checks
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
            kind: "exit", pass: pass,
            message: pass ? ending : "\(ending); expected \(wanted)", line: snippet.line)
    }

    private static func outputChecks(
        _ snippet: Snippet, _ block: Expectation, _ stream: StreamName, _ run: RunResult
    ) -> [Check] {
        let actual = run.lines(of: stream)
        let name = block.kind.rawValue
        let tolerance = block.tolerance ?? snippet.tolerance ?? .standard
        let fits: (ExpectedLine, OutputLine) -> Bool = { expected, line in
            guard let stamp = expected.stamp else { return true }
            return tolerance.accepts(line.t, expected: stamp)
        }
        var outcome =
            block.unordered
            ? OutputMatcher.unordered(block.lines, actual, fits: fits)
            : OutputMatcher.ordered(block.lines, actual)
        if block.unordered, !outcome.textMatches {
            // Perhaps only the times are off: match on text alone to tell the two apart.
            let textOnly = OutputMatcher.unordered(block.lines, actual)
            if textOnly.textMatches { outcome = textOnly }
        }
        var checks: [Check] = []
        if outcome.textMatches {
            checks.append(
                Check(
                    kind: name, pass: true,
                    message: "\(actual.count) line\(actual.count == 1 ? "" : "s") matched", line: block.line))
        } else {
            let missing = outcome.diff.filter { $0.kind == .missing }.count
            let extra = outcome.diff.filter { $0.kind == .unexpected }.count
            var parts: [String] = []
            if missing > 0 { parts.append("\(missing) expected line\(missing == 1 ? "" : "s") missing") }
            if extra > 0 { parts.append("\(extra) unexpected") }
            checks.append(
                Check(
                    kind: name, pass: false,
                    message: "\(stream.rawValue) differs: " + parts.joined(separator: ", "),
                    line: block.line, diff: outcome.diff))
        }
        // Each stamped line that matched as text must also have appeared on time.
        var late: [String] = []
        var diff = outcome.diff
        for (e, a) in outcome.pairs {
            let expected = block.lines[e]
            guard let stamp = expected.stamp else { continue }
            let line = actual[a]
            if !tolerance.accepts(line.t, expected: stamp) {
                late.append(
                    "line \(expected.sourceLine) \"\(line.text)\" appeared at \(formatSeconds(line.t)), "
                        + "expected \(formatSeconds(stamp)) ±\(formatSeconds(tolerance.window(for: stamp)))")
                if let row = diff.firstIndex(where: {
                    $0.kind == .same && $0.expected == expected.raw && $0.t == line.t
                }) {
                    diff[row].kind = .late
                }
            }
        }
        let stamped = outcome.pairs.filter { block.lines[$0.expected].stamp != nil }.count
        if stamped > 0 {
            checks.append(
                late.isEmpty
                    ? Check(
                        kind: "timing", pass: true,
                        message: "\(stamped) timed line\(stamped == 1 ? "" : "s") on time", line: block.line)
                    : Check(
                        kind: "timing", pass: false, message: late.joined(separator: "; "),
                        line: block.line, diff: diff))
        }
        if let elapsed = block.elapsed {
            let pass = tolerance.accepts(run.elapsed, expected: elapsed)
            checks.append(
                Check(
                    kind: "elapsed", pass: pass,
                    message: "took \(formatSeconds(run.elapsed)), expected \(formatSeconds(elapsed)) "
                        + "±\(formatSeconds(tolerance.window(for: elapsed)))",
                    line: block.line))
        }
        return checks
    }
}
