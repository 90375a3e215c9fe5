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

    @Test func aRunSetAsideIsSaidUnderItsSnippetInTheTerminalsWords() throws {
        var item = SiteFixture.lesson
        let aside = SetAsideRun(elapsed: 0.93, heldBack: HeldBack(waiting: 0.31, stolen: 0.02), failed: [.timing])
        let index = try #require(item.recorded?.report.snippets.firstIndex { $0.id == "serial" })
        item.recorded?.report.snippets[index].setAside = [aside]
        let files = LessonSite.render(lessons: [item], quizzes: [])
        let page = try #require(files.first { $0.path == "01-fixture.html" }?.contents)
        let sentence = HTML.text(TerminalReport.describe(aside))
        #expect(page.contains("<p class=\"snippet-meta set-aside\">\(sentence)</p>"))
        #expect(page.components(separatedBy: "set-aside").count == 2, "only under the snippet that had one")
    }

    @Test func anExerciseShowsItsStarterHowToSolveItAndItsHintsOneAtATime() throws {
        let source = """
            # Exercise

            ```swift exercise id=two
            print("one")
            ```

            ```output
            two
            ```

            ```hint
            Print *two*.
            ```

            ```hint
            Change the string.
            ```

            After.
            """
        let item = SiteLesson(stem: "05-ex", document: LessonParser.document(source, path: "Lessons/05-ex.md"))
        let files = LessonSite.render(lessons: [item], quizzes: [])
        let page = try #require(files.first { $0.path == "05-ex.html" }?.contents)
        #expect(page.contains("<span class=\"mode\">exercise</span>"))
        #expect(page.contains("<code>lesson exercise 05 two</code>, then <code>lesson run 05 --exercise two</code>"))
        #expect(
            page.contains(
                "<details class=\"hint\"><summary>Hint 1 of 2</summary>\n<p>Print <em>two</em>.</p>\n</details>"))
        #expect(page.contains("<summary>Hint 2 of 2</summary>"))
        // The hints are part of the snippet, not prose after it: each appears once, and the
        // page goes on after them.
        #expect(page.components(separatedBy: "Change the string.").count == 2)
        #expect(page.contains("<p>After.</p>"))
        #expect(!page.contains("```hint"))
        // The page's inline script reveals the next hint once the one before it is opened.
        #expect(page.contains("querySelectorAll(\"details.hint\")"))
    }

    @Test func anUnsolvedExerciseSaysItsUnmetChecksAreNotYetMetNeitherPassedNorFailed() throws {
        let source = "# Exercise\n\n```swift exercise id=two\nprint(\"one\")\n```\n\n```output\ntwo\n```\n"
        let checks = [
            Check(kind: .compile, pass: true, message: "compiled"),
            Check(
                kind: .output, pass: false, message: "stdout differs", diff: [DiffLine(kind: .missing, expected: "two")]
            ),
        ]
        let snippet = SnippetReport(id: "two", line: 3, mode: .exercise, status: .unsolved, checks: checks)
        let recorded = RecordedRun(
            recordedAt: "2026-01-02T03:04:05Z", host: "a test",
            report: LessonReport(path: "Lessons/05-ex.md", title: "Exercise", snippets: [snippet]))
        let item = SiteLesson(
            stem: "05-ex", document: LessonParser.document(source, path: "Lessons/05-ex.md"), recorded: recorded)
        let page = try #require(
            LessonSite.render(lessons: [item], quizzes: []).first { $0.path == "05-ex.html" }?.contents)
        let section = try #require(page.split(separator: "<section ").dropFirst().first.map(String.init))
        #expect(section.hasPrefix("class=\"snippet status-unsolved\""))
        #expect(section.contains("<span class=\"badge unsolved\">not yet solved</span>"))
        #expect(
            section.contains("<li class=\"pass\"><span class=\"icon\" aria-label=\"passed\">✓</span> <b>compile</b>"))
        #expect(
            section.contains(
                "<li class=\"open\"><span class=\"icon\" aria-label=\"not yet met\">○</span> not yet <b>output</b> "
                    + "stdout differs</li>"))
        #expect(!section.contains("✗") && !section.contains("class=\"fail\""))
        // The same check in a snippet that is not an exercise is a failure.
        var failing = item
        failing.recorded?.report.snippets[0].status = .fail
        let failed = try #require(
            LessonSite.render(lessons: [failing], quizzes: []).first { $0.path == "05-ex.html" }?.contents)
        #expect(failed.contains("<li class=\"fail\"><span class=\"icon\" aria-label=\"failed\">✗</span> <b>output</b>"))
        // The lesson's badge carries the recorded counts, for `lesson serve` to count again.
        #expect(
            page.contains(
                "<span class=\"badge pass\" data-passed=\"0\" data-failed=\"0\" data-errors=\"0\" data-skipped=\"0\" "
                    + "data-unsolved=\"1\">1 snippet: 0 passed, 1 exercise not yet solved</span>"))
        #expect(page.contains("<p class=\"recording\" data-recorded-at=\"2026-01-02 03:04 UTC\">"))
    }

    @Test func recordedPlacesAreTheCodesLinesWithTheFilesLineSayingSo() throws {
        // Line 3 is the fence; the code is lines 4–5; the expected output's lines are 9 and 10.
        let source = "# Places\n\n```swift id=tick\nprint(\"a\")\n    let x: Int = \"b\"\n```\n\n```output\na\nb\n```\n"
        let late = Check(
            kind: .timing, pass: false, message: "line 10 \"b\" appeared at 0.90s, expected 0.50s ±0.15s", line: 8)
        var snippet = SnippetReport(id: "tick", line: 3, mode: .run, status: .fail, checks: [late])
        snippet.compile = CompileResult(
            succeeded: false, cached: false, seconds: 0.1,
            diagnostics: [
                CompilerDiagnostic(
                    file: "Lessons/07-places.md", line: 5, column: 18, severity: .error, message: "cannot convert")
            ], output: "")
        let recorded = RecordedRun(
            recordedAt: "2026-01-02T03:04:05Z", host: "a test",
            report: LessonReport(path: "Lessons/07-places.md", title: "Places", snippets: [snippet]))
        let item = SiteLesson(
            stem: "07-places", document: LessonParser.document(source, path: "Lessons/07-places.md"),
            recorded: recorded)
        let page = try #require(
            LessonSite.render(lessons: [item], quizzes: []).first { $0.path == "07-places.html" }?.contents)
        // The second line of the expected block, with the file's line beside it, as serve says it.
        #expect(page.contains("<b>timing</b> expected line 2 (07-places.md:10) \"b\" appeared at 0.90s"), "\(page)")
        // The compile error on the code's second line, column 18, with the file's line 5 beside it.
        #expect(page.contains("line 2:18 (07-places.md:5): error: cannot convert"), "\(page)")
        #expect(!page.contains("line 10 \"b\"") && !page.contains("line 5: error"))
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
            // The page's own script, which loads the search index itself.
            #expect(scripts == 1, "\(page) has \(scripts) script elements")
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
        // The error's place in the code block, with the file's line beside it (as serve's editor).
        #expect(lesson.contains("line 2:1 (01-fixture.md:58): error: expression is 'async'"))
    }

    @Test func referenceLinksWorkInEveryChunkAndNestedSwiftIsHighlighted() {
        #expect(lesson.contains("<a href=\"https://example.com/ref\" title=\"Ref\">reference link</a>"))
        #expect(lesson.contains("<span class=\"str\">\"\"\""))
        #expect(lesson.contains("<span class=\"esc\">\\(</span><span class=\"num\">1</span>"))
    }

    @Test func timelinesShareOneScaleAndShowSpreadVersusStacked() throws {
        let serial = try #require(section("snippet-serial").flatMap { svg("wide", in: $0) })
        let together = try #require(section("snippet-together").flatMap { svg("wide", in: $0) })
        #expect(serial.contains("aria-label=\"Timeline: 3 output lines over 1.51s, on a scale of 1.75s\""))
        #expect(together.contains("1 outside its window, on a scale of 1.75s"))
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

    @Test func everyTimelineRowHasALabelInBothDrawingsAndTheEndHasARowOfItsOwn() throws {
        let serial = try #require(section("snippet-serial"))
        for layout in ["wide", "narrow"] {
            let drawing = try #require(svg(layout, in: serial))
            let labels = SVGRead.texts(of: "row-label", in: drawing)
            #expect(labels == ["step 1", "step 2", "step 3"], "\(layout): \(labels)")
            #expect(SVGRead.texts(of: "end-label", in: drawing) == ["exit 0 at 1.51s"])
            // The expected end's window lies below every line's band, on the end row.
            let bandTops = SVGRead.numbers(of: "y", in: drawing, element: "rect class=\"band\"")
            let bandHeights = SVGRead.numbers(of: "height", in: drawing, element: "rect class=\"band\"")
            let endTop = try #require(
                SVGRead.numbers(of: "y", in: drawing, element: "rect class=\"band-elapsed\"").first)
            let lowest = zip(bandTops, bandHeights).map { $0 + $1 }.max() ?? 0
            #expect(
                bandTops.count == 3 && endTop >= lowest, "\(layout): end band at \(endTop), line bands end at \(lowest)"
            )
        }
        let together = try #require(section("snippet-together").flatMap { svg("wide", in: $0) })
        #expect(SVGRead.texts(of: "row-label", in: together).contains("stderr: warning & note"))
    }

    @Test func aComparisonDrawsTwoRunsOneAboveTheOtherOnThePagesScale() throws {
        let start = try #require(lesson.range(of: "<div class=\"comparison\">"))
        let comparison = String(lesson[start.lowerBound...])
        let wide = try #require(svg("wide", in: comparison))
        #expect(SVGRead.texts(of: "lane-title", in: wide) == ["Snippet serial", "Snippet together"])
        #expect(SVGRead.texts(of: "end-label", in: wide) == ["exit 0 at 1.51s", "exit 0 at 0.91s"])
        #expect(wide.contains("on a scale of 1.75s"))
        #expect(!lesson.contains("<!-- compare:"))
        // The same moment sits at the same x in both lanes and in the snippet's own timeline.
        let own = try #require(section("snippet-serial").flatMap { svg("wide", in: $0) })
        let ticks = SVGRead.numbers(of: "x", in: wide, element: "text class=\"tick-label\"")
        #expect(!ticks.isEmpty && ticks == SVGRead.numbers(of: "x", in: own, element: "text class=\"tick-label\""))
        #expect(
            comparison.contains("<tr class=\"lane\"><th scope=\"rowgroup\" colspan=\"4\">Snippet together</th></tr>"))
        let source = "# Two\n\n```swift id=a\nprint(1)\n```\n\n<!-- compare: a nowhere -->\n"
        let document = LessonParser.document(source, path: "Lessons/03-two.md")
        let files = LessonSite.render(lessons: [SiteLesson(stem: "03-two", document: document)], quizzes: [])
        let page = files.first { $0.path == "03-two.html" }?.contents ?? ""
        #expect(page.contains("(comparison not drawn: no snippet nowhere)"))
    }

    @Test func everyTimelineHasATableWithWhenExpectedWhenSeenAndTheVerdict() throws {
        let together = try #require(section("snippet-together"))
        #expect(together.contains("<details class=\"timeline-text\"><summary>The timeline as a table</summary>"))
        #expect(
            together.contains(
                "<tr class=\"off\"><td><code>done</code></td><td>0.50s ±0.15s</td><td>0.90s</td><td>late by 0.40s</td></tr>"
            ))
        #expect(together.contains("<td><code>warning &amp; note</code> <small>(stderr)</small></td><td>any time</td>"))
        let serial = try #require(section("snippet-serial"))
        #expect(
            serial.contains(
                "<tr class=\"end ok\"><td>end of run (exit 0 at 1.51s)</td><td>1.50s ±0.15s</td><td>1.51s</td>"
                    + "<td>on time</td></tr>"))
    }

    @Test func quizGradesShowOnTheIndexAndTheQuizPage() throws {
        let index = try #require(site["index.html"])
        #expect(
            index.contains(
                "<span class=\"badge fail\">3 of 5 checks pass</span><span class=\"when\">graded 2026-01-03 10:20 UTC</span>"
            ))
        #expect(index.contains("<span class=\"badge none\">not graded yet</span>"))
        #expect(index.contains("2 quizzes: 1 failing, 1 not graded yet."))
        let quiz = try #require(site["quiz-02-graded.html"])
        #expect(
            quiz.contains(
                "<strong>Last grade: 3 of 5 checks pass</strong>, graded 2026-01-03 10:20 UTC"))
        #expect(quiz.contains("<span class=\"dot fail\" title=\"3 of 5 checks pass\">"))
        let ungraded = try #require(site["quiz-01-fixture-quiz.html"])
        #expect(ungraded.contains("<p class=\"grade none\">Not graded yet"))
    }

    @Test func theRunsStateIsSaidUnderTheTitleBeforeAnyVerdict() throws {
        var item = SiteFixture.lesson
        item.recorded?.sourceHash = SHA256.hex("an older text")
        let page = try #require(LessonSite.render(lessons: [item], quizzes: []).first { $0.path == "01-fixture.html" })
        let text = page.contents
        let notice = try #require(text.range(of: "<p class=\"stale-note\" role=\"note\">"))
        let firstSnippet = try #require(text.range(of: "<section class=\"snippet"))
        #expect(notice.lowerBound < firstSnippet.lowerBound)
        #expect(text.contains("<span class=\"badge stale\">lesson changed since</span>"))
        #expect(text.contains("older text</span>"))
        #expect(
            lesson.contains(
                "Last recorded 2026-01-02 03:04 UTC on Linux x86_64, 2 cores. 5 snippets: 2 passed, 1 failed, 2 skipped."
            ))
        let index = try #require(LessonSite.render(lessons: [item], quizzes: []).first { $0.path == "index.html" })
        #expect(index.contents.contains("1 lesson: 1 failing (1 changed since its run)."))
    }

    @Test func pagesUseOnlyGlyphsThatDebianDefaultFontsHave() {
        // DejaVu Sans and DejaVu Sans Mono cover these; emoji-like symbols such as U+23F1 they do not.
        let allowed: Set<Character> = ["…", "←", "→", "✓", "✗", "−", "±", "·", "—", "–", "×"]
        for file in SiteFixture.site {
            let odd = Set(file.contents.filter { !$0.isASCII && !allowed.contains($0) })
            #expect(odd.isEmpty, "\(file.path) uses \(odd.sorted())")
        }
    }

    @Test func searchEntriesCarryLessonSummariesAndTheIndexOnlyItsHeadings() throws {
        let script = try #require(site["search-index.js"])
        #expect(script.contains("\"u\":\"01-fixture.html\",\"x\":\"A tiny lesson that exercises every part"))
        #expect(
            script.contains(
                "{\"t\":\"Lessons\",\"p\":\"Swift concurrency workshop\",\"u\":\"index.html#lessons\",\"x\":\"\"}"))
    }

    @Test func quizShowsQuestionHintsAndStarterOnly() throws {
        let quiz = try #require(site["quiz-01-fixture-quiz.html"])
        // One hint at a time: the second hint's fold sits inside the first's.
        let first = try #require(quiz.range(of: "<summary>Stuck? Hint 1 of 2</summary>"))
        let second = try #require(quiz.range(of: "<summary>Still stuck? Hint 2 of 2</summary>"))
        #expect(first.upperBound < second.lowerBound)
        let between = quiz[first.upperBound..<second.lowerBound]
        #expect(!between.contains("</details>"))
        #expect(quiz.contains("Start every fetch before awaiting any."))
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
        #expect(index.contains("<span class=\"badge fail\">5 snippets: 2 passed, 1 failed, 2 skipped</span>"))
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
        #expect(css.contains("@media screen and (max-width: 860px)"))
        #expect(css.contains("@media screen and (max-width: 600px)"))
        #expect(css.contains("details::details-content"))
        #expect(css.contains("@media print"))
    }

    /// The `wide` or `narrow` drawing of a timeline in `html`.
    func svg(_ layout: String, in html: String) -> String? {
        guard let start = html.range(of: "<svg class=\"timeline timeline-\(layout)\"") else { return nil }
        guard let end = html[start.lowerBound...].range(of: "</svg>") else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    func section(_ id: String) -> String? {
        guard let start = lesson.range(of: "id=\"\(id)\"") else { return nil }
        let rest = lesson[start.upperBound...]
        let end = rest.range(of: "</section>")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }
}

/// Reads attributes and labels out of a drawn timeline.
enum SVGRead {
    /// The numeric `attribute` of every element whose tag starts with `element` (for example
    /// `rect class="band"`).
    static func numbers(of attribute: String, in svg: String, element: String) -> [Double] {
        var found: [Double] = []
        var rest = Substring(svg)
        while let start = rest.range(of: "<\(element)") {
            let tagEnd = rest[start.upperBound...].firstIndex(of: ">") ?? rest.endIndex
            let tag = String(rest[start.upperBound..<tagEnd])
            if let value = LinkCheck.values(of: attribute, in: tag).first.flatMap(Double.init) { found.append(value) }
            rest = rest[tagEnd...]
        }
        return found
    }

    /// The text of every `<text>` element of class `css` (its `<title>` left out), unescaped.
    static func texts(of css: String, in svg: String) -> [String] {
        var found: [String] = []
        var rest = Substring(svg)
        while let start = rest.range(of: "<text class=\"\(css)") {
            guard let open = rest[start.upperBound...].firstIndex(of: ">"),
                let close = rest[open...].range(of: "</text>")
            else { break }
            var body = String(rest[rest.index(after: open)..<close.lowerBound])
            if let title = body.range(of: "</title>") { body = String(body[title.upperBound...]) }
            found.append(body.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<"))
            rest = rest[close.upperBound...]
        }
        return found
    }
}
