import LessonCore
import LessonSite
import Testing

/// The instructor's page: every value escaped, checks linked to the site's lesson pages, and
/// no other page of the site pointing at it.
struct ClassPageTests {
    static var gradebook: Gradebook {
        let checks = [
            GradebookRow.Check(name: "in order", status: .pass, message: "", lesson: "Lessons/01-fixture.md#waiting"),
            GradebookRow.Check(
                name: "at once <fast>", status: .fail, message: "late", lesson: "Lessons/09-nowhere.md#x"),
        ]
        let rows = [
            GradebookRow(
                learner: "<script>alert(1)</script>", quiz: "01-a", status: .fail, passed: 1, total: 2, seed: 3,
                reason: "1 check failed: \"late\"", checks: checks),
            GradebookRow(learner: "bo", quiz: "01-a", status: .missing),
        ]
        return Gradebook(quizzes: [Gradebook.Quiz(id: "01-a", title: "A & B", version: "v")], rows: rows)
    }

    @Test func thePageEscapesEveryValueAndLinksChecksToTheirSections() {
        let page = ClassPage(gradebook: Self.gradebook, lessons: [SiteFixture.lesson]).render()
        #expect(page.path == "class.html")
        let html = page.contents
        #expect(!html.contains("<script>alert(1)"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("title=\"1 check failed: &quot;late&quot;\""))
        #expect(html.contains("<a href=\"01-fixture.html#waiting\">in order</a>"))
        // A section on no page of this site is named, not linked.
        #expect(html.contains("at once &lt;fast&gt;") && !html.contains("09-nowhere"))
        #expect(html.contains("<meter min=\"0\" max=\"1\""))
        #expect(html.contains("<span class=\"badge fail\""))
        #expect(html.contains("<span class=\"badge none\">missing</span>"))
        // Linked from nowhere: the rest of the site does not know the page.
        for file in SiteFixture.site { #expect(!file.contents.contains("class.html"), "\(file.path)") }
    }
}
