import LessonCore

/// Renders one snippet with its expectations and, when recorded, its last run: the code,
/// expected beside recorded output, the verdict, every check, a diff on failure and the
/// timeline.
struct SnippetView {
    /// The snippet as the lesson declares it.
    var snippet: Snippet
    /// Its last recorded report, if any.
    var report: SnippetReport?
    /// When and on what the run was recorded, and whether the lesson changed since.
    var recording: Recording?
    /// Whether the page shows runs at all (quiz questions do not).
    var showsRuns: Bool
    /// The page's shared time scale.
    var timeline: Timeline
    /// The snippet's run as the timeline draws it.
    var lane: TimelineLane
    /// For an exercise: each hint rendered to HTML, in order; shown one at a time.
    var hints: [String] = []
    /// For an exercise: the lesson's name in commands (`04`), to say how to solve it in a file.
    var lessonName: String = ""
    /// The lesson file's path, for places given in the code's lines with the file's beside
    /// them (`EditorPlaces`).
    var lessonPath: String = ""

    /// When and on what a lesson's run was recorded, and whether the lesson's text changed
    /// since.
    struct Recording {
        /// ISO 8601 time of the recording.
        var at: String
        /// What the run happened on.
        var host: String
        /// True when the recording was made from an older text of the lesson.
        var stale: Bool
    }

    /// The anchor of a snippet.
    static func anchor(_ snippet: Snippet) -> String { "snippet-\(snippet.id)" }

    /// The snippet's HTML.
    func html() -> String {
        let id = HTML.attribute(Self.anchor(snippet))
        let code = CodeView.visible(snippet.code)
        if snippet.mode == .prelude {
            let count = code.split(separator: "\n").count
            return "<details class=\"snippet prelude\" id=\"\(id)\"><summary>Prelude <span class=\"muted\">"
                + "(\(count) line\(count == 1 ? "" : "s"), compiled into every later snippet)</span>"
                + "</summary>\n" + CodeView.block(code, label: "Prelude") + "</details>\n"
        }
        if snippet.mode == .skip && snippet.expectations.isEmpty {
            return "<div class=\"snippet-plain\" id=\"\(id)\">" + CodeView.block(code) + "</div>\n"
        }
        let status = showsRuns ? statusBadge : ""
        var out = "<section class=\"snippet\(cssStatus)\" id=\"\(id)\">\n"
        out += "<div class=\"snippet-head\"><a class=\"snippet-name\" href=\"#\(id)\">"
        out += "Snippet <code>\(HTML.text(snippet.id))</code></a> <span class=\"mode\">"
        out += "\(HTML.text(modeDescription))</span>\(status)</div>\n"
        out += CodeView.block(code, label: "Snippet \(snippet.id)")
        if snippet.mode == .exercise { out += exerciseHow() }
        out += expectationsAndOutput()
        out += hintList()
        if showsRuns, let report {
            if let error = report.error {
                out += "<p class=\"run-error\">\(HTML.text(error))</p>\n"
            }
            out += checks(report.checks, unsolved: report.status == .unsolved)
        }
        if showsRuns, snippet.mode.runs, let figure = timelineFigure() { out += figure }
        if showsRuns { out += meta() }
        return out + "</section>\n"
    }

    var cssStatus: String {
        guard showsRuns else { return "" }
        return " status-\(report?.status.rawValue ?? "none")"
    }

    var statusBadge: String {
        guard snippet.mode != .skip else { return "" }
        guard let report else { return " <span class=\"badge none\">not recorded</span>" }
        let stale =
            recording?.stale == true
            ? " <span class=\"badge stale\" title=\"the lesson changed since this run\">older text</span>" : ""
        let label = report.status == .unsolved ? "not yet solved" : report.status.rawValue
        return " <span class=\"badge \(report.status.rawValue)\">\(label)</span>\(stale)"
    }

    /// How to solve an exercise: in the live editor, or in a file the terminal names.
    func exerciseHow() -> String {
        let name = HTML.text(lessonName)
        let id = HTML.text(snippet.id)
        return "<p class=\"exercise-how\">Change this code until it passes the checks below: in "
            + "<code>lesson serve</code>'s editor, or in a file: <code>lesson exercise \(name) \(id)</code>, "
            + "then <code>lesson run \(name) --exercise \(id)</code>.</p>\n"
    }

    /// An exercise's hints, each a `details` element that `site.js` shows only once the one
    /// before it has been opened (all of them, folded, without scripts); empty for no hints.
    func hintList() -> String {
        guard !hints.isEmpty else { return "" }
        var out = "<div class=\"hints\">\n"
        for (index, hint) in hints.enumerated() {
            out += "<details class=\"hint\"><summary>Hint \(index + 1) of \(hints.count)</summary>\n"
            out += hint + "</details>\n"
        }
        return out + "</div>\n"
    }

    /// `compiled and run`, `display only`, … with the attributes that matter.
    var modeDescription: String {
        var words: [String]
        switch snippet.mode {
        case .run: words = ["compiled and run"]
        case .exercise: words = ["exercise"]
        case .skip: words = ["display only"]
        case .compile: words = ["must compile"]
        case .compileFail: words = ["must not compile"]
        case .prelude: words = ["prelude"]
        }
        if snippet.expectedExit != 0 { words.append("exits with \(snippet.expectedExit)") }
        if snippet.expectsCrash { words.append("expected to crash") }
        if let timeout = snippet.timeout { words.append("timeout \(formatSeconds(timeout))") }
        return words.joined(separator: ", ")
    }

    /// Expected beside recorded, per stream, and compiler diagnostics.
    func expectationsAndOutput() -> String {
        var out = ""
        let run = report?.run
        for (kind, stream) in [(Expectation.Kind.output, StreamName.stdout), (.stderr, .stderr)] {
            let expected = snippet.expectation(kind)
            let recorded = run?.lines(of: stream) ?? []
            guard expected != nil || !recorded.isEmpty else { continue }
            out += "<div class=\"io\">\n"
            out += expectedColumn(expected, title: "Expected \(stream.rawValue)")
            if showsRuns { out += recordedColumn(recorded, run: run, stream: stream) }
            out += "</div>\n"
        }
        if let expected = snippet.expectation(.diagnostics) {
            out += "<div class=\"io\">\n" + expectedColumn(expected, title: "Expected compiler errors")
            if showsRuns { out += diagnosticsColumn() }
            out += "</div>\n"
        } else if showsRuns, let compile = report?.compile, !compile.succeeded {
            out += "<div class=\"io\">\n" + diagnosticsColumn() + "</div>\n"
        }
        return out
    }

    func expectedColumn(_ expected: Expectation?, title: String) -> String {
        guard let expected else {
            return "<div class=\"io-col\"><h4>\(HTML.text(title))</h4><p class=\"muted\">not checked</p></div>\n"
        }
        var notes: [String] = []
        if expected.unordered { notes.append("any order") }
        if let elapsed = expected.elapsed { notes.append("finishes at \(formatSeconds(elapsed))") }
        let tolerance = expected.tolerance ?? snippet.tolerance
        if let tolerance, expected.lines.contains(where: { $0.stamp != nil }) || expected.elapsed != nil {
            notes.append("tolerance \(describe(tolerance))")
        }
        let note = notes.isEmpty ? "" : " <small>\(HTML.text(notes.joined(separator: ", ")))</small>"
        let body = expected.lines.map { line in
            guard let stamp = line.stamp, let close = line.raw.firstIndex(of: "]") else { return HTML.text(line.raw) }
            _ = stamp
            let prefix = line.raw[...close]
            return "<span class=\"t\">\(HTML.text(String(prefix)))</span>"
                + HTML.text(String(line.raw[line.raw.index(after: close)...]))
        }
        return "<div class=\"io-col expected\"><h4>\(HTML.text(title))\(note)</h4>"
            + "<pre class=\"out\">\(body.joined(separator: "\n"))</pre></div>\n"
    }

    func recordedColumn(_ lines: [OutputLine], run: RunResult?, stream: StreamName) -> String {
        let title = "Recorded \(stream.rawValue)"
        guard let run else {
            return "<div class=\"io-col recorded\"><h4>\(title)</h4><p class=\"muted\">not recorded yet</p></div>\n"
        }
        let body = lines.map { line in
            "<span class=\"t\">[\(formatSeconds(line.t))]</span> \(HTML.text(line.text))"
        }
        var truncated = ""
        if let bytes = run.truncatedBytes[stream], bytes > 0 {
            truncated = "<p class=\"muted\">\(bytes) more bytes were cut off</p>"
        }
        let content =
            lines.isEmpty
            ? "<p class=\"muted\">(nothing)</p>" : "<pre class=\"out\">\(body.joined(separator: "\n"))</pre>"
        return "<div class=\"io-col recorded\"><h4>\(title)</h4>\(content)\(truncated)</div>\n"
    }

    func diagnosticsColumn() -> String {
        guard let compile = report?.compile else {
            return
                "<div class=\"io-col recorded\"><h4>Compiler said</h4><p class=\"muted\">not recorded yet</p></div>\n"
        }
        let errors = compile.diagnostics.filter { $0.severity == .error }
        let body: String
        if errors.isEmpty {
            body =
                compile.succeeded
                ? "<p class=\"muted\">compiled without errors</p>"
                : "<pre class=\"out\">\(HTML.text(compile.output))</pre>"
        } else {
            body =
                "<pre class=\"out\">"
                + errors.map {
                    HTML.text(
                        "\(EditorPlaces.diagnostic($0, of: snippet, inLesson: lessonPath).place): \($0.severity): \($0.message)"
                    )
                }.joined(separator: "\n")
                + "</pre>"
        }
        return "<div class=\"io-col recorded\"><h4>Compiler said</h4>\(body)</div>\n"
    }

    /// The checks, each ✓ or ✗; in an exercise not solved yet, each unmet check is ○ "not yet",
    /// neither a pass nor a failure (as `lesson serve` shows a live run of it).
    func checks(_ checks: [Check], unsolved: Bool = false) -> String {
        guard !checks.isEmpty else { return "" }
        var out = "<ul class=\"checks\">\n"
        for check in checks {
            let (css, mark, label, words) =
                check.pass
                ? ("pass", "✓", "passed", "")
                : unsolved ? ("open", "○", "not yet met", "not yet ") : ("fail", "✗", "failed", "")
            out +=
                "<li class=\"\(css)\"><span class=\"icon\" aria-label=\"\(label)\">\(mark)</span> \(words)"
                + "<b>\(HTML.text(check.kind.rawValue))</b> "
                + "\(HTML.text(EditorPlaces.check(check, of: snippet, inLesson: lessonPath).message))</li>\n"
        }
        out += "</ul>\n"
        for check in checks where !check.pass {
            if let diff = check.diff, !diff.isEmpty { out += Self.diffTable(diff, kind: check.kind.rawValue) }
        }
        return out
    }

    /// A failed check's expected-versus-actual rows.
    static func diffTable(_ rows: [DiffLine], kind: String) -> String {
        var out = "<table class=\"diff\"><caption>\(HTML.text(kind)): expected against recorded</caption>"
        out += "<thead><tr><th></th><th>expected</th><th>recorded</th><th>at</th></tr></thead><tbody>\n"
        for row in rows {
            let sign: String
            switch row.kind {
            case .same: sign = " "
            case .missing: sign = "−"
            case .unexpected: sign = "+"
            case .late: sign = "!"
            }
            out +=
                "<tr class=\"\(row.kind.rawValue)\"><td>\(sign)</td><td>\(HTML.text(row.expected ?? ""))</td>"
                + "<td>\(HTML.text(row.actual ?? ""))</td><td>\(row.t.map(formatSeconds) ?? "")</td></tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    func timelineFigure() -> String? {
        timeline.figure([lane])
    }

    func meta() -> String {
        guard let report, report.status != .skipped || report.compile != nil else { return "" }
        var parts: [String] = []
        if let recording {
            parts.append(
                "recorded \(readableTime(recording.at)) on \(recording.host)"
                    + (recording.stale ? ", from an older text of the lesson" : ""))
        }
        if let compile = report.compile {
            parts.append(compile.cached ? "compile cached" : "compiled in \(formatSeconds(compile.seconds))")
        }
        if let run = report.run { parts.append("ran \(formatSeconds(run.elapsed))") }
        guard !parts.isEmpty else { return "" }
        var text = "<p class=\"snippet-meta\">\(HTML.text(parts.joined(separator: " · ")))</p>\n"
        for aside in report.setAside ?? [] {
            // The same sentence as the terminal's, so the two never disagree.
            text += "<p class=\"snippet-meta set-aside\">\(HTML.text(TerminalReport.describe(aside)))</p>\n"
        }
        if let run = report.run, let lingered = run.lingered {
            // Where a lingering run's threads were: the terminal's paragraph.
            text += "<p class=\"snippet-meta lingered\">\(HTML.text(lingered.summary(stopped: run.timedOut)))</p>\n"
        }
        return text
    }

    func describe(_ tolerance: Tolerance) -> String {
        switch tolerance {
        case .seconds(let seconds): "±\(formatSeconds(seconds))"
        case .fraction(let fraction): "±\(Int((fraction * 100).rounded()))%"
        case .standard: "±max(0.15s, 10%)"
        }
    }
}

/// `2026-11-23T00:30:28Z` as `2026-11-23 00:30 UTC`; other text unchanged.
func readableTime(_ iso: String) -> String {
    let parts = iso.split(separator: "T")
    guard parts.count == 2, iso.hasSuffix("Z"), parts[1].count >= 5 else { return iso }
    return "\(parts[0]) \(parts[1].prefix(5)) UTC"
}
