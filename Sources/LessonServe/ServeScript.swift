import EmbeddedSources
import LessonSite

/// The page side of `lesson serve`: one first-party script and its style sheet, added to
/// every served page (no third-party code), from `ServeFront/serve.js` and
/// `ServeFront/serve.css`, which the build embeds. Pages keep working without them: they are
/// the static site's pages.
///
/// The script relies on these parts of the site's markup, and only on these:
/// - `section.snippet[id^="snippet-"]`: a snippet; its id after `snippet-` is the snippet's id.
/// - `.code-wrap` inside it: the highlighted code, replaced by the editor.
/// - `article.quiz`, `#starter` and the first `.code-wrap` after it: the quiz's starter,
///   replaced by the answer editor.
/// - `#hints`: the quiz's folded hints, replaced by hints shown one at a time.
/// - The page's file name (`04-gather.html`, `quiz-04-lazy-connection.html`) names the
///   lesson or quiz.
package enum ServeScript {
    /// The script, inlined into every page (so the page's policy allows it by its hash).
    package static let source = embedded("serve.js")
    /// Styles of the editor and the live output (the timeline is styled by the site's sheet).
    package static let css = embedded("serve.css")
    /// The instructor's page script (`ServeFront/class.js`), inlined into `/class`.
    package static let classSource = embedded("class.js")
    /// The instructor's page style sheet (`ServeFront/class.css`).
    package static let classCSS = embedded("class.css")
    /// Every inline script of a served page: the site's own, then this one. Nothing else.
    package static let inlineScripts = PageScripts.inline + [source]
    /// The instructor's page's policy: its one script, by hash, and nothing from elsewhere.
    package static let classPolicy = ContentSecurityPolicy.page(inlineScripts: [classSource], scriptFiles: [])

    /// The embedded file's text; empty when the build did not embed it (a test checks it did).
    private static func embedded(_ name: String) -> String {
        EmbeddedSources.files(in: "ServeFront")?.first { $0.name == name }?.text ?? ""
    }
}
