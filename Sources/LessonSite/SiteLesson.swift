import LessonCore

/// A lesson as the site needs it: the parsed lesson, its problems and its last recorded run.
package struct SiteLesson: Sendable {
    /// The file name without `.md`, e.g. `04-gather`; the page is `04-gather.html`.
    package var stem: String
    /// The lesson file, parsed once.
    package var document: LessonDocument
    /// The last recorded run, if the lesson was ever run.
    package var recorded: RecordedRun?

    /// Creates a site lesson.
    package init(stem: String, document: LessonDocument, recorded: RecordedRun? = nil) {
        self.stem = stem
        self.document = document
        self.recorded = recorded
    }

    /// The parsed lesson.
    package var lesson: Lesson { document.lesson }
    /// Problems the parser found; shown at the top of the page.
    package var diagnostics: [Diagnostic] { document.diagnostics }

    /// The page's file name.
    package var pageName: String { WorkshopLayout.lessonPage(stem: stem) }

    /// The leading digits of the stem (`04`), or the stem itself when it has none.
    package var number: String { WorkshopLayout.number(of: stem) }

    /// The recorded report of a snippet, when the recording has one with that id.
    package func report(of snippet: Snippet) -> SnippetReport? {
        recorded?.report.snippets.first { $0.id == snippet.id }
    }

    /// What the pages say about the lesson's last run, worked out once per render.
    var state: LessonState {
        LessonState(status: status, recorded: recorded, stale: recorded?.isStale(for: lesson.source) ?? false)
    }

    /// A short status for the index and the sidebar.
    package var status: PageStatus {
        if !diagnostics.isEmpty {
            let count = diagnostics.count
            return PageStatus(kind: "error", text: "\(count) problem\(count == 1 ? "" : "s") in the file")
        }
        guard let recorded else { return PageStatus(kind: "none", text: "not run yet") }
        let summary = recorded.report.summary
        return PageStatus(kind: recorded.report.passed ? "pass" : "fail", text: summary.progress)
    }
}

/// A lesson's last result as every page shows it: the verdict, when and where the run was
/// recorded, and whether the lesson's text changed since.
struct LessonState {
    /// The verdict in a few words.
    var status: PageStatus
    /// The recording, if the lesson was ever run.
    var recorded: RecordedRun?
    /// True when the recording was made from a different text than the lesson has now.
    var stale: Bool

    /// `recorded 2026-01-02 03:04 UTC on Linux x86_64, 2 cores`, or nil without a recording.
    var whenAndWhere: String? {
        recorded.map { "recorded \(readableTime($0.recordedAt)) on \($0.host)" }
    }
}

/// A page's last result in a few words, with a kind (`pass`, `fail`, `error`, `none`) for
/// its colour.
package struct PageStatus: Sendable, Hashable {
    /// `pass`, `fail`, `error` or `none`; becomes a CSS class.
    package var kind: String
    /// The words shown, e.g. `passed 3/3`.
    package var text: String
}
