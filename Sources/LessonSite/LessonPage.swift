import LessonCore

/// The page of one lesson: its prose and snippets, each snippet with its last recorded run.
struct LessonPage {
    var item: SiteLesson

    /// The page's main content and its pieces.
    func main() -> (html: String, pieces: [PagePiece]) {
        var anchors = AnchorSet()
        let recording = item.recorded.map { (at: $0.recordedAt, host: $0.host) }
        let body = LessonBody(
            document: item.document, report: { item.report(of: $0) }, recording: recording, showsRuns: true
        ).render(anchors: &anchors)
        let status = item.status
        var out = "<article class=\"lesson\">\n<p class=\"kicker\">Lesson \(HTML.text(item.number))"
        out += " <span class=\"badge \(HTML.attribute(status.kind))\">\(HTML.text(status.text))</span></p>\n"
        out += Self.problems(item.diagnostics)
        out += Self.insertLead(item.lesson.summary, title: item.lesson.title, into: body.html)
        out += recordingNote()
        return (out + "</article>\n", body.pieces)
    }

    func recordingNote() -> String {
        let command = "lesson run \(item.number) --trace trace.json"
        guard let recorded = item.recorded else {
            return "<aside class=\"recording\">This lesson has not been run yet. Run <code>lesson run "
                + "\(HTML.text(item.number))</code>, then <code>lesson site</code>, to see its output and timing "
                + "here.</aside>\n"
        }
        let summary = recorded.report.summary
        return "<aside class=\"recording\">Last recorded \(HTML.text(readableTime(recorded.recordedAt))) on "
            + "\(HTML.text(recorded.host)): \(summary.passed) passed, \(summary.failed) failed, "
            + "\(summary.errors) errors, \(summary.skipped) not run. To explore a run in Perfetto or "
            + "<code>chrome://tracing</code>, write a trace with <code>\(HTML.text(command))</code>."
            + (recorded.isStale(for: item.lesson.source)
                ? " <strong>The lesson has changed since this run</strong>: run <code>lesson run "
                    + "\(HTML.text(item.number))</code> again to bring it up to date."
                : "")
            + "</aside>\n"
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
