import CommonMark

/// A lesson file parsed once: its front matter, the body the markdown was read from, the
/// markdown tree, the lesson (snippets and expectations), which blocks of the tree the
/// top-level snippets span, and every problem found. The runner, `quiz`, `grade`, `list`
/// and the site all read this value instead of parsing the file again.
package struct LessonDocument: Sendable {
    /// The lesson the runner runs.
    package var lesson: Lesson
    /// The front matter.
    package var frontMatter: FrontMatter
    /// The text with line endings normalized to `\n` and the front matter's lines emptied.
    package var body: String
    /// The CommonMark tree of `body`.
    package var markdown: MarkdownDocument
    /// Each top-level snippet (not in a list or quote) with the lines it and its
    /// expectation blocks span, in file order.
    package var snippetBlocks: [SnippetBlock]
    /// Every problem, sorted by position.
    package var diagnostics: [Diagnostic]
}

/// A top-level snippet and the source lines it and its expectation blocks span.
package struct SnippetBlock: Sendable, Hashable {
    /// Index into the lesson's `snippets`.
    package var snippet: Int
    /// From the snippet's opening fence to the last expectation block's closing fence.
    package var lines: ClosedRange<Int>

    /// The snippet at index `snippet` spanning `lines`.
    package init(snippet: Int, lines: ClosedRange<Int>) {
        self.snippet = snippet
        self.lines = lines
    }
}
