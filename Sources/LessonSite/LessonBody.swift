import CommonMark
import LessonCore

/// Renders a parsed lesson for the site. The body is cut at the line ranges of its
/// top-level snippets and their expectation blocks (found by the parser): the prose between them goes through
/// CommonMark (reference links resolve with the whole document's link reference definitions,
/// so they work in every piece), and each snippet becomes a `SnippetView`. Snippets nested in
/// lists or quotes stay in their prose and are only highlighted.
struct LessonBody {
    /// The lesson to render, parsed once.
    var document: LessonDocument
    /// The recorded report of a snippet, if any.
    var report: (Snippet) -> SnippetReport?
    /// When and on what the run was recorded, and whether the lesson changed since.
    var recording: SnippetView.Recording?
    /// Whether recorded runs are shown.
    var showsRuns: Bool

    /// The page body and the pieces it is made of.
    func render(anchors: inout AnchorSet) -> (html: String, pieces: [PagePiece]) {
        let lesson = document.lesson
        let lines = document.body.split(separator: "\n", omittingEmptySubsequences: false)
        let definitions = document.markdown.definitions
        let lanes = lesson.snippets.map { TimelineLane($0, showsRuns ? report($0) : nil) }
        let timeline = Timeline(fitting: lanes)
        for snippet in lesson.snippets { _ = anchors.claim(SnippetView.anchor(snippet)) }
        var html = ""
        var pieces: [PagePiece] = []
        var cursor = 1
        var comparisons = 0
        let laneOf = Dictionary(zip(lesson.snippets.map(\.id), lanes), uniquingKeysWith: { first, _ in first })
        let runIDs = Set(lesson.snippets.filter { $0.mode.runs }.map(\.id))
        let lessonName = WorkshopLayout.shortName(ofLessonPath: lesson.path)
        let runLanes = showsRuns ? laneOf.filter { id, _ in runIDs.contains(id) } : [:]
        // The prose between snippets, with the run comparisons its placeholders ask for.
        func addProse(_ chunk: ArraySlice<Substring>) {
            let rendered = Self.prose(chunk.joined(separator: "\n"), definitions: definitions, anchors: &anchors)
            html +=
                showsRuns
                ? RunComparison.expand(rendered.html, lanes: runLanes, timeline: timeline, drawn: &comparisons)
                : rendered.html
            pieces += rendered.pieces
        }
        for group in document.snippetBlocks {
            let snippet = lesson.snippets[group.snippet]
            if group.lines.lowerBound > cursor { addProse(lines[(cursor - 1)..<(group.lines.lowerBound - 1)]) }
            var view = SnippetView(
                snippet: snippet, report: report(snippet), recording: recording, showsRuns: showsRuns,
                timeline: timeline, lane: laneOf[snippet.id] ?? TimelineLane(snippet, nil))
            view.lessonName = lessonName
            view.lessonPath = lesson.path
            view.hints = snippet.hints.map { Self.prose($0.text, definitions: definitions, anchors: &anchors).html }
            html += view.html()
            pieces.append(.text(CodeView.visible(snippet.code)))
            cursor = group.lines.upperBound + 1
        }
        if cursor <= lines.count { addProse(lines[(cursor - 1)...]) }
        return (html, pieces)
    }

    static func prose(_ chunk: String, definitions: [String: LinkDefinition], anchors: inout AnchorSet) -> (
        html: String, pieces: [PagePiece]
    ) {
        guard chunk.contains(where: { !$0.isWhitespace }) else { return ("", []) }
        return ProseRenderer.render(chunk, definitions: definitions, anchors: &anchors)
    }
}
