/// Renders reports for a terminal: one line per snippet with ✓ or ✗, and on a failure
/// what was expected against what happened, times included. Pure text; colour is opt-in.
package struct TerminalReport: Sendable {
    /// True to add ANSI colours (only on a TTY, never with `NO_COLOR`).
    package var color: Bool

    package init(color: Bool) {
        self.color = color
    }

    /// The heading printed before a lesson's snippets.
    package func header(_ lesson: Lesson) -> String {
        paint("\(lesson.path)", .bold) + paint(" — \(lesson.title)", .dim) + "\n"
    }

    /// One snippet's line, followed by the details of every failed check.
    package func snippet(_ report: SnippetReport) -> String {
        let mark: String
        switch report.status {
        case .pass: mark = paint("✓", .green)
        case .fail: mark = paint("✗", .red)
        case .error: mark = paint("!", .red)
        case .skipped: mark = paint("-", .dim)
        case .unsolved: mark = paint("○", .yellow)
        }
        var detail: String
        switch report.mode {
        case .skip: detail = "skipped (display only)"
        case .prelude: detail = "prelude, compiled into the snippets after it"
        case .compile: detail = "compiles"
        case .compileFail: detail = "fails to compile, as it should"
        case .run, .exercise:
            detail = report.run.map { formatSeconds($0.elapsed) } ?? ""
        }
        if report.mode == .exercise { detail = "exercise" + (detail.isEmpty ? "" : ", \(detail)") }
        if report.status == .unsolved {
            // The starter is meant to fail: one line that says so, not the failure's details.
            let open = report.checks.filter { !$0.pass }.count
            let checks = open == 1 ? "1 check" : "\(open) checks"
            return "  \(mark) \(report.id) " + paint("(line \(report.line))", .dim)
                + "  exercise: not yet solved " + paint("(\(checks) to pass)", .dim) + "\n"
        }
        if report.status == .fail, report.mode == .compileFail { detail = "compile-fail" }
        if let repeats = report.repeats {
            detail =
                "\(repeats.passed)/\(repeats.runs) runs passed, elapsed "
                + "\(formatSeconds(repeats.elapsed.min))–\(formatSeconds(repeats.elapsed.max))"
        }
        if report.compile?.cached == false, let seconds = report.compile?.seconds {
            detail += paint("  (compiled in \(formatSeconds(seconds)))", .dim)
        }
        var text = "  \(mark) \(report.id) " + paint("(line \(report.line))", .dim) + "  \(detail)\n"
        for aside in report.setAside ?? [] {
            text += indent(paint(wrapped(Self.describe(aside), width: 74), .dim), 6)
        }
        if let run = report.run, let lingered = run.lingered {
            text += indent(paint(wrapped(lingered.summary(stopped: run.timedOut), width: 74), .dim), 6)
        }
        if let error = report.error {
            text += indent(paint("error: ", .red) + error, 6)
        }
        for check in report.checks where !check.pass {
            let place = check.line.map { " (line \($0))" } ?? ""
            if check.kind == .compile, let output = report.compile?.output, !output.isEmpty {
                text += indent(paint("\(check.kind.rawValue)\(place): ", .red) + "did not compile", 6)
                text += indent(String(output.prefix(4000)), 8)
                continue
            }
            text += indent(paint("\(check.kind.rawValue)\(place): ", .red) + check.message, 6)
            if let diff = check.diff { text += renderDiff(diff) }
        }
        if let repeats = report.repeats, !repeats.lines.isEmpty {
            for line in repeats.lines {
                let spread = line.spread
                let inside =
                    spread.min >= line.expected - line.window - 1e-9 && spread.max <= line.expected + line.window + 1e-9
                let range =
                    "min \(formatSeconds(spread.min))  median \(formatSeconds(spread.median))  max \(formatSeconds(spread.max))"
                text += indent(
                    paint("line \(line.line) ", .dim) + "\(line.text)  " + paint(range, inside ? .dim : .red)
                        + paint("  (expected \(formatSeconds(line.expected)) ±\(formatSeconds(line.window)))", .dim), 6)
            }
        }
        return text
    }

    /// One sentence on a run that was set aside and run again.
    package static func describe(_ aside: SetAsideRun) -> String {
        let held = aside.heldBack
        var causes: [String] = []
        if held.waiting > 0.0005 { causes.append("waiting for a CPU \(formatSeconds(held.waiting))") }
        if held.stolen > 0.0005 { causes.append("CPU time taken by the host \(formatSeconds(held.stolen))") }
        let kinds = aside.failed.map(\.rawValue).joined(separator: ", ")
        let what = kinds.isEmpty ? "" : " (\(kinds))"
        return "set aside a run that failed\(what) while the machine held it back "
            + "\(formatSeconds(held.seconds)) (\(causes.joined(separator: ", "))); the verdict is from a later run"
    }

    /// The closing lines of a run over one or more lessons: every snippet that failed or
    /// errored, by `path:line`, so the end of a long run says where to look, then the counts.
    package func summary(_ lessons: [LessonReport], seconds: Double) -> String {
        var summary = Summary()
        var text = ""
        for lesson in lessons {
            summary.add(lesson.summary)
            for snippet in lesson.snippets where snippet.status == .fail || snippet.status == .error {
                let what = snippet.status == .fail ? "failed" : "error"
                text += "  " + paint(what, .red) + ": \(lesson.path):\(snippet.line) \(snippet.id)\n"
            }
        }
        return text + summaryLine(summary, lessons: lessons.count, seconds: seconds)
    }

    private func summaryLine(_ summary: Summary, lessons: Int, seconds: Double) -> String {
        var parts = ["\(summary.passed) passed"]
        if summary.failed > 0 { parts.append(paint("\(summary.failed) failed", .red)) }
        if summary.errors > 0 { parts.append(paint("\(summary.errors) errors", .red)) }
        if summary.skipped > 0 { parts.append("\(summary.skipped) skipped") }
        if summary.unsolved > 0 {
            parts.append(
                paint("\(summary.unsolved) exercise\(summary.unsolved == 1 ? "" : "s") not yet solved", .yellow))
        }
        let total = summary.passed + summary.failed + summary.errors + summary.skipped + summary.unsolved
        let scope = lessons == 1 ? "" : " in \(lessons) lessons"
        let verdict = summary.failed + summary.errors == 0 ? paint("ok", .green) : paint("FAILED", .red)
        let noun = total == 1 ? "snippet" : "snippets"
        return "\(verdict): \(total) \(noun)\(scope): \(parts.joined(separator: ", ")) (\(formatSeconds(seconds)))\n"
    }

    /// Expected and actual side by side: `-` expected but missing, `+` not expected,
    /// `!` on time it was not.
    package func renderDiff(_ diff: [DiffLine]) -> String {
        // Rows that differ, with three matching rows of context around each; long runs of
        // matching rows in between are folded, and at most 80 rows are shown.
        let differing = diff.indices.filter { diff[$0].kind != .same }
        var keep = Set<Int>()
        for index in differing { keep.formUnion(max(0, index - 3)...min(diff.count - 1, index + 3)) }
        if differing.isEmpty { keep.formUnion(diff.indices.prefix(20)) }
        let shown = keep.sorted().prefix(80)
        let width = min(48, max(8, shown.compactMap { diff[$0].expected?.count }.max() ?? 8))
        var text = indent(paint("  " + "expected".padding(width) + "  actual", .dim), 8)
        var next = 0
        for index in shown {
            if index > next { text += indent(paint("  … \(index - next) matching lines", .dim), 8) }
            next = index + 1
            let row = diff[index]
            let actual =
                row.actual.map { clip($0) }.map { text in row.t.map { "[\(formatSeconds($0))] \(text)" } ?? text } ?? ""
            let expected = clip(row.expected ?? "").padding(width)
            switch row.kind {
            case .same: text += indent("  \(expected)  \(actual)", 8)
            case .missing: text += indent(paint("- \(expected)", .red), 8)
            case .unexpected: text += indent(paint("+ \("".padding(width))  \(actual)", .green), 8)
            case .late: text += indent(paint("! \(expected)  \(actual)", .yellow), 8)
            }
        }
        if next < diff.count { text += indent(paint("… \(diff.count - next) more rows", .dim), 8) }
        return text
    }

    /// A line cut to 200 characters for the terminal.
    private func clip(_ line: String) -> String {
        line.count > 200 ? String(line.prefix(200)) + "…" : line
    }

    private func paint(_ text: String, _ style: Paint.Style) -> String {
        Paint(color: color)(text, style)
    }

    private func indent(_ text: String, _ spaces: Int) -> String {
        let pad = String(repeating: " ", count: spaces)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { pad + $0 }.joined(separator: "\n")
            + "\n"
    }
}

extension String {
    /// The string padded with spaces to `width` characters (never cut).
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
