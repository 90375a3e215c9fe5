extension CheckResult {
    /// Judges check `index` from the run of its process. Only a verdict carrying the run's
    /// secret counts; a check that never reported fails with the reason its process gave
    /// (timeout, signal, early exit), and a pass followed by a crash is not a pass.
    package static func judge(
        index: Int, name: String, task: Int, hint: String, run: RunResult, secret: String,
        timeout: Double
    ) -> CheckResult {
        let records = VerdictRecord.parse(run.reportOutput ?? "", secret: secret)
        var passed = false
        var failure: String? = nil
        for record in records {
            switch record {
            case .pass(let reported) where reported == index: passed = true
            case .fail(let reported, let message) where reported == index:
                failure = failure ?? message
            default: continue
            }
        }
        var result = CheckResult(
            name: name, task: task, hint: hint, status: .pass,
            output: run.lines.map(\.text), seconds: run.elapsed)
        if run.truncatedBytes.values.contains(where: { $0 > 0 }) {
            let dropped = run.truncatedBytes.values.reduce(0, +)
            result.output.append("[output cut short: \(dropped) more bytes were dropped]")
        }
        if let failure {
            result.status = .fail
            result.message = failure
        } else if run.timedOut {
            result.status = .error
            result.message = """
                the check did not finish within \(formatSeconds(timeout)) and was stopped: \
                something waits forever, or takes far too long
                """
        } else if let signal = run.signal {
            let trap =
                " (a Swift runtime trap: a force-unwrapped nil, an index out of range, "
                + "fatalError, a failed precondition…)"
            let why = signal == 4 || signal == 5 ? trap : ""
            let stage = passed ? "after the check passed" : "before the check could report"
            result.status = passed ? .fail : .error
            result.message = "the process crashed with \(signalName(signal))\(why) \(stage)"
        } else if !passed {
            result.status = .error
            result.message = """
                the process exited with status \(run.exitCode ?? -1) before the check could \
                report: does the answer call exit(), or close descriptor 3?
                """
        } else if run.exitCode != 0 {
            result.status = .fail
            result.message = "the check passed, but then the process exited with status \(run.exitCode ?? -1)"
        }
        return result
    }

    /// Seconds as `10 s` or `0.5 s`.
    package static func formatSeconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\((value * 100).rounded() / 100) s"
    }
}
