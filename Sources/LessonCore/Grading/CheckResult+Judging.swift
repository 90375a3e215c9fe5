extension CheckResult {
    /// Judges one check from its judge's run. The verdict is the judge's `pass` or `fail`
    /// line on its own standard output; the answer's process never holds that pipe, and
    /// what the answer printed (the judge's standard error) is only shown. A judge that
    /// ends without a verdict (killed by the time limit, crashed) is an error, never a pass.
    package static func judge(
        name: String, task: Int, hint: String, lesson: String, run: RunResult, answer: RunResult? = nil,
        timeout: Double
    ) -> CheckResult {
        let verdicts = JudgeReport.parse(
            run.lines.filter { $0.stream == .stdout }.map(\.text).joined(separator: "\n"))
        var result = CheckResult(
            name: name, task: task, hint: hint, status: .error,
            output: (answer?.lines ?? []).map(\.text), seconds: run.elapsed)
        result.lesson = lesson
        let dropped = answer?.truncatedBytes.values.reduce(0, +) ?? 0
        if dropped > 0 {
            result.output.append("[output cut short: \(dropped) more bytes were dropped]")
        }
        let verdict = verdicts.count == 1 && run.exitCode == 0 ? verdicts[0] : nil
        switch verdict {
        case .pass?:
            result.status = .pass
        case .fail(let message, let hint)?, .hung(let message, let hint)?:
            result.status = .fail
            if case .hung? = verdict { result.cause = .hung }
            if let hint { result.hint = hint }
            result.message = message.replacing(
                AnswerEnd.marker, with: answer.map(AnswerEnd.describe) ?? "your code's process ended")
        default:
            result.message =
                run.timedOut
                ? """
                the check did not finish within \(formatSeconds(timeout)) and was stopped: \
                something waits forever, or takes far too long
                """
                : "the check's judge ended without a verdict (status \(run.exitCode.map(String.init) ?? "-"), signal \(run.signal.map(String.init) ?? "-"))"
        }
        return result
    }

    /// The verdict of a check whose answer reached the most threads a graded answer may have.
    package static func threadCeilingMessage(_ ceiling: Int) -> String {
        """
        your code's process reached the ceiling of \(ceiling) threads that a graded answer may \
        have at once, so this check fails whatever the judge saw: a correct answer needs a few \
        dozen at most. Something starts a thread (or a blocking dispatch work item) per item, \
        or never lets its threads end
        """
    }

    /// Seconds as `10 s` or `0.5 s`.
    package static func formatSeconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\((value * 100).rounded() / 100) s"
    }
}

/// How the answer's process ended, in the learner's words. The judge, which cannot see
/// the answer's exit status, writes `marker` where it belongs in its message.
package enum AnswerEnd {
    /// What the judge writes when the answer's process closed its channel.
    package static let marker = "<the answer's process ended>"

    /// `your code's process crashed with SIGILL (a Swift runtime trap: …)` and the like.
    package static func describe(_ run: RunResult) -> String {
        if let signal = run.signal {
            let trap =
                signal == 4 || signal == 5
                ? " (a Swift runtime trap: a force-unwrapped nil, an index out of range, fatalError, a failed precondition…)"
                : ""
            return "your code's process crashed with \(signalName(signal))\(trap)"
        }
        if let code = run.exitCode {
            return "your code's process exited with status \(code) (does it call exit()?)"
        }
        return "your code's process ended"
    }
}
