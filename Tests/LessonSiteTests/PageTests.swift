import Foundation
import LessonCore
import LessonSite
import Testing

/// What the pages promise: escaping, hidden lines, preludes, runs beside expectations,
/// timelines on one scale, quizzes without their answers, navigation and search.
@Suite struct PageTests {
    let site = Dictionary(uniqueKeysWithValues: SiteFixture.site.map { ($0.path, $0.contents) })
    var lesson: String { site["01-fixture.html"] ?? "" }

    @Test func aRunRecordedFromOlderTextIsMarkedStale() {
        func page(hashing text: String?) -> String {
            var item = SiteFixture.lesson
            item.recorded?.sourceHash = text.map { SHA256.hex($0) }
            let files = LessonSite.render(lessons: [item], quizzes: [])
            return files.first { $0.path == "01-fixture.html" }?.contents ?? ""
        }
        let source = SiteFixture.lesson.lesson.source
        #expect(page(hashing: nil).contains("Last recorded"))
        #expect(!page(hashing: nil).contains("has changed since this run"))
        #expect(!page(hashing: source).contains("has changed since this run"))
        #expect(page(hashing: source + "an edit").contains("has changed since this run"))
    }

    @Test func escapeFunctions() {
        #expect(HTML.text("<a href=\"x\">&'") == "&lt;a href=\"x\"&gt;&amp;'")
        #expect(HTML.attribute("<a href=\"x\">&'") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;")
        #expect(HTML.jsonString("</script>\"\n") == "\"\\u003c/script\\u003e\\\"\\n\"")
    }

    @Test func programOutputAndTitlesAreEscaped() {
        #expect(!lesson.contains("<script>alert"))
        #expect(lesson.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(lesson.contains("warning &amp; note"))
        #expect(lesson.contains("<title>Lesson 01: Fixture \"quotes\" &amp; &lt;tags&gt; · "))
        #expect(site["index.html"]?.contains("Fixture \"quotes\" &amp; &lt;tags&gt;") == true)
        #expect(!(site["search-index.js"] ?? "").contains("<script>"))
        for page in site.keys where page.hasSuffix(".html") {
            let scripts = site[page]!.components(separatedBy: "<script").count - 1
            #expect(scripts == 2, "\(page) has \(scripts) script elements")
        }
    }

    @Test func hiddenLinesAreHiddenAndThePreludeFolds() {
        #expect(!lesson.contains("hiddenSecret"))
        #expect(!lesson.contains("snippet.hide"))
        #expect(lesson.contains("<details class=\"snippet prelude\" id=\"snippet-1\"><summary>Prelude"))
        #expect(lesson.components(separatedBy: "func</span> wait").count == 2)
    }

    @Test func snippetsShowExpectedBesideRecordedWithVerdicts() {
        #expect(lesson.contains("<section class=\"snippet status-pass\" id=\"snippet-serial\">"))
        #expect(lesson.contains("<section class=\"snippet status-fail\" id=\"snippet-together\">"))
        #expect(lesson.contains("<h4>Expected stdout <small>finishes at 1.50s</small></h4>"))
        #expect(lesson.contains("<span class=\"t\">[1.51s]</span> step 3"))
        #expect(lesson.contains("<h4>Recorded stderr</h4>"))
        #expect(lesson.contains("recorded 2026-01-02 03:04 UTC on Linux x86_64, 2 cores"))
        #expect(lesson.contains("<tr class=\"late\">"))
        #expect(lesson.contains("<h4>Expected compiler errors</h4>"))
        #expect(
            lesson.contains("line 59: error: expression is &#39;async&#39;")
                || lesson.contains("line 59: error: expression is 'async'"))
    }

    @Test func referenceLinksWorkInEveryChunkAndNestedSwiftIsHighlighted() {
        #expect(lesson.contains("<a href=\"https://example.com/ref\" title=\"Ref\">reference link</a>"))
        #expect(lesson.contains("<span class=\"str\">\"\"\""))
        #expect(lesson.contains("<span class=\"esc\">\\(</span><span class=\"num\">1</span>"))
    }

    @Test func timelinesShareOneScaleAndShowSpreadVersusStacked() throws {
        let serial = try #require(section("snippet-serial"))
        let together = try #require(section("snippet-together"))
        #expect(serial.contains("aria-label=\"Timeline: 3 output lines over 1.51s, on a scale of 1.75s\""))
        #expect(together.contains("on a scale of 1.75s"))
        let serialX = LinkCheck.values(of: "cx", in: serial)
        #expect(Set(serialX).count == 3)
        let togetherX = LinkCheck.values(of: "cx", in: together)
        #expect(togetherX.count == 2)
        #expect(together.contains("class=\"mark mark-err\""))
        #expect(together.contains("class=\"mark mark-out late\""))
        #expect(serial.components(separatedBy: "<rect class=\"band\"").count - 1 == 3)
        #expect(serial.contains("<rect class=\"band-elapsed\""))
        #expect(serial.contains(">1.5s</text>"))
    }

    @Test func quizShowsQuestionHintsAndStarterOnly() throws {
        let quiz = try #require(site["quiz-01-fixture-quiz.html"])
        #expect(quiz.contains("<details class=\"hints\" id=\"hints\"><summary>Hints (2)</summary>"))
        #expect(quiz.contains("<code>withThrowingTaskGroup</code>"))
        #expect(quiz.contains("<span class=\"kw\">func</span> fetchAll"))
        #expect(quiz.contains("lesson grade 01"))
        #expect(!quiz.contains("status-"))
    }

    @Test func navigationLinksPagesInOrder() throws {
        #expect(lesson.contains("<link rel=\"next\" href=\"02-second.html\">"))
        #expect(lesson.contains("<a href=\"01-fixture.html\" aria-current=\"page\">"))
        #expect(lesson.contains("<ul class=\"toc\"><li><a href=\"#one-after-another\">One after another</a></li>"))
        let second = try #require(site["02-second.html"])
        #expect(second.contains("<link rel=\"prev\" href=\"01-fixture.html\">"))
        #expect(second.contains("<link rel=\"next\" href=\"quiz-01-fixture-quiz.html\">"))
        #expect(second.contains("not run yet"))
        let index = try #require(site["index.html"])
        #expect(index.contains("<span class=\"badge fail\">2 of 3 snippets pass</span>"))
        #expect(index.contains("not graded yet"))
    }

    @Test func searchIndexCoversSectionsAndCode() throws {
        let script = try #require(site["search-index.js"])
        #expect(script.hasPrefix("window.LESSON_SEARCH = ["))
        #expect(script.contains("\"u\":\"01-fixture.html#all-at-once\""))
        #expect(script.contains("async let a"))
        #expect(!script.contains("hiddenSecret"))
    }

    @Test func styleHasDarkPhoneAndPrintRules() throws {
        let css = try #require(site["style.css"])
        #expect(css.contains("@media (prefers-color-scheme: dark)"))
        #expect(css.contains("@media (max-width: 860px)"))
        #expect(css.contains("@media print"))
    }

    func section(_ id: String) -> String? {
        guard let start = lesson.range(of: "id=\"\(id)\"") else { return nil }
        let rest = lesson[start.upperBound...]
        let end = rest.range(of: "</section>")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }
}
