/// Renders a grade for a terminal: every check with ✓ or ✗, and for each one that did not
/// pass the check's explanation, a hint and what the answer printed. Pure text; colour is
/// opt-in.
package struct GradeTerminalReport: Sendable {
    /// True to add ANSI colours (only on a TTY, never with `NO_COLOR`).
    package var color: Bool
    /// Lines of a failing check's output to show (the last ones).
    package var outputLines: Int = 8
    /// Column at which explanations and hints are wrapped.
    package var width: Int = 96

    package init(color: Bool) {
        self.color = color
    }

    /// The whole report, ending with a one-line summary.
    package func render(_ report: GradeReport) -> String {
        var text = paint("Quiz \(report.quiz)", .bold) + paint(" — \(report.title)", .dim) + "\n"
        text += paint("answer: \(report.answer)", .dim) + "\n\n"
        if report.status == .error {
            return text + report.message + (report.message.hasSuffix("\n") ? "" : "\n")
        }
        for warning in report.warnings {
            text += indent(paint("warning: ", .yellow) + warning, 2)
        }
        if !report.warnings.isEmpty { text += "\n" }
        for check in report.checks {
            text += self.check(check)
        }
        text += "\n" + summary(report) + "\n"
        if let seed = report.seed, let replay = report.replayCommand, report.status != .pass {
            text += paint("Inputs drawn from seed \(seed); '\(replay)' replays them.", .dim) + "\n"
        }
        return text
    }

    /// One check: its mark and name, then the details when it did not pass.
    package func check(_ check: CheckResult) -> String {
        let mark = check.passed ? paint("✓", .green) : check.cause == .busy ? paint("?", .yellow) : paint("✗", .red)
        var text = "  \(mark) \(check.name)\n"
        for aside in check.setAside ?? [] {
            text += indent(paint(wrapped(TerminalReport.describe(aside), width: width - 6), .dim), 6)
        }
        if let lingered = check.lingered {
            text += indent(paint(wrapped(lingered.answerSummary, width: width - 6), .dim), 6)
        }
        guard !check.passed else { return text }
        text += indent(wrapped(check.message, width: width - 6), 6)
        // Not judged: nothing the answer did is in doubt, so no hint points at its code.
        guard check.advises else { return text }
        if !check.hint.isEmpty {
            let lines = wrapped("hint: " + check.hint, width: width - 6)
                .split(separator: "\n", omittingEmptySubsequences: false)
            let first = paint("hint:", .yellow) + lines[0].dropFirst(5)
            text += indent(([first] + lines.dropFirst().map(String.init)).joined(separator: "\n"), 6)
        }
        if !check.lesson.isEmpty {
            text += indent(paint("read:", .yellow) + " " + check.lesson, 6)
        }
        if !check.output.isEmpty {
            let shown = check.output.suffix(outputLines)
            let more = check.output.count - shown.count
            text += indent(paint("output\(more > 0 ? " (last \(shown.count) lines)" : ""):", .dim), 6)
            text += shown.map { indent(paint("│ ", .dim) + $0, 6) }.joined()
        }
        return text
    }

    /// `All 6 checks pass.` or `2 of 6 checks pass.`
    package func summary(_ report: GradeReport) -> String {
        let total = report.checks.count
        if report.status == .pass {
            return paint("All \(total) check\(total == 1 ? "" : "s") pass.", .green)
        }
        let busy = report.checks.filter { $0.cause == .busy }.count
        guard busy > 0 else { return paint("\(report.passedCount) of \(total) checks pass.", .red) }
        return paint(
            "\(report.passedCount) of \(total) checks pass; \(busy) not judged, the machine was too busy: "
                + "grade again when it is quieter.", .yellow)
    }

    private func paint(_ text: String, _ style: Paint.Style) -> String {
        Paint(color: color)(text, style)
    }

    private func indent(_ text: String, _ spaces: Int) -> String {
        let pad = String(repeating: " ", count: spaces)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { pad + $0 }.joined(separator: "\n") + "\n"
    }
}
