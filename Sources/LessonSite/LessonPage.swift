import LessonCore

/// The page of one lesson: its prose and snippets, each snippet with its last recorded run.
struct LessonPage {
    var item: SiteLesson
    /// The lesson's last result, worked out once for every page.
    var state: LessonState

    /// The page's main content and its pieces.
    func main() -> (html: String, pieces: [PagePiece]) {
        var anchors = AnchorSet()
        let recording = item.recorded.map {
            SnippetView.Recording(at: $0.recordedAt, host: $0.host, stale: state.stale)
        }
        let body = LessonBody(
            document: item.document, report: { item.report(of: $0) }, recording: recording, showsRuns: true
        ).render(anchors: &anchors)
        let status = state.status
        var out = "<article class=\"lesson\">\n<p class=\"kicker\">Lesson \(HTML.text(item.number))"
        out += " <span class=\"badge \(HTML.attribute(status.kind))\"\(counts())>\(HTML.text(status.text))</span>"
        if state.stale { out += " <span class=\"badge stale\">lesson changed since</span>" }
        out += "</p>\n"
        out += Self.problems(item.diagnostics)
        let withLead = Self.insertLead(item.lesson.summary, title: item.lesson.title, into: body.html)
        out += Self.insertAfterLead(recordingNote(), into: withLead)
        out += traceNote()
        return (out + "</article>\n", body.pieces)
    }

    /// The recorded counts behind the page's badge, as attributes (`data-passed="5"` …), so
    /// that `lesson serve`'s page can count again with the runs made on it; empty when the
    /// badge states no recording's counts.
    func counts() -> String {
        guard item.diagnostics.isEmpty, let summary = item.recorded?.report.summary else { return "" }
        let named = [
            ("passed", summary.passed), ("failed", summary.failed), ("errors", summary.errors),
            ("skipped", summary.skipped), ("unsolved", summary.unsolved),
        ]
        return named.map { " data-\($0.0)=\"\($0.1)\"" }.joined()
    }

    /// When and where the shown run was recorded and what it found, and whether the lesson
    /// changed since; placed under the title, where the verdicts start.
    func recordingNote() -> String {
        guard let recorded = item.recorded else {
            return "<p class=\"recording\">This lesson has not been run yet. Run <code>lesson run "
                + "\(HTML.text(item.number))</code>, then <code>lesson site</code>, to see its output and timing "
                + "here (<a href=\"index.html#running\">with <code>lesson</code> on your PATH</a>).</p>\n"
        }
        let summary = recorded.report.summary
        var out =
            "<p class=\"recording\" data-recorded-at=\"\(HTML.attribute(readableTime(recorded.recordedAt)))\">"
            + "Last recorded \(HTML.text(readableTime(recorded.recordedAt))) on "
            + "\(HTML.text(recorded.host)). \(HTML.text(summary.progress))."
        out += state.stale ? "</p>\n" : " The lesson has not changed since.</p>\n"
        if state.stale {
            out +=
                "<p class=\"stale-note\" role=\"note\"><strong>The lesson has changed since this run</strong>: "
                + "the verdicts below come from an older text. Run <code>lesson run \(HTML.text(item.number))"
                + "</code> again to bring them up to date.</p>\n"
        }
        return out
    }

    /// How to record a trace of the lesson, at the end of the page.
    func traceNote() -> String {
        guard item.recorded != nil else { return "" }
        let command = "lesson run \(item.number) --trace trace.json"
        return "<aside class=\"trace-note\">To explore a run in Perfetto or <code>chrome://tracing</code>, "
            + "write a trace with <code>\(HTML.text(command))</code>.</aside>\n"
    }

    /// `html` with `note` after its lead paragraph (or after its first `<h1>` when it has no
    /// lead), so the run's state is read before the first verdict.
    static func insertAfterLead(_ note: String, into html: String) -> String {
        for marker in ["<p class=\"lead\">", "<h1"] {
            guard let start = html.firstRange(of: marker) else { continue }
            let close = marker == "<h1" ? "</h1>\n" : "</p>\n"
            guard let end = html[start.upperBound...].firstRange(of: close) else { continue }
            return html[..<end.upperBound] + note + html[end.upperBound...]
        }
        return note + html
    }

    /// The parser's problems as a list.
    static func problems(_ diagnostics: [Diagnostic]) -> String {
        guard !diagnostics.isEmpty else { return "" }
        var out = "<div class=\"problems\" role=\"note\"><h2>Problems in this file</h2><ul>\n"
        for diagnostic in diagnostics {
            out +=
                "<li><code>\(HTML.text("\(diagnostic.path):\(diagnostic.line):\(diagnostic.column)"))</code> "
                + "\(HTML.text(diagnostic.message))</li>\n"
        }
        return out + "</ul></div>\n"
    }

    /// The body with the summary as a lead paragraph after its first `<h1>`; adds an `<h1>`
    /// with the title when the body has none.
    static func insertLead(_ summary: String?, title: String, into body: String) -> String {
        let lead = summary.map { "<p class=\"lead\">\(HTML.text($0))</p>\n" } ?? ""
        if let end = body.firstRange(of: "</h1>") {
            return body[..<end.upperBound] + "\n" + lead + body[end.upperBound...]
        }
        return "<h1>\(HTML.text(title))</h1>\n" + lead + body
    }
}
