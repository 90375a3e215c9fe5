import LessonCore
import Testing

/// The one place that names a workshop's folders, files and short names.
struct WorkshopLayoutTests {
    @Test func everyStatePathIsBelowTheChosenStateFolder() {
        let plain = WorkshopLayout(root: "/w")
        #expect(plain.state == "/w/.lesson")
        #expect(plain.movies == "/w/.lesson/movies")
        #expect(plain.serveOpenPage(port: 8714) == "/w/.lesson/serve-8714-open.html")
        let chosen = WorkshopLayout(root: "/w", state: "/elsewhere")
        for path in [chosen.cache, chosen.runs, chosen.grades, chosen.answers, chosen.movies] {
            #expect(path.hasPrefix("/elsewhere/"))
        }
        #expect(chosen.serveOpenPage(port: 1) == "/elsewhere/serve-1-open.html")
        #expect(chosen.lessons == "/w/Lessons")
    }

    @Test func aLessonsShortNameIsItsNumberAsWrittenOrItsStem() {
        #expect(WorkshopLayout.shortName(ofLessonPath: "Lessons/04-gather.md") == "04")
        #expect(WorkshopLayout.shortName(ofLessonPath: "/abs/Lessons/13-the-movie-api.md") == "13")
        #expect(WorkshopLayout.shortName(ofLessonPath: "Lessons/intro.md") == "intro")
        #expect(WorkshopLayout.shortName(ofLessonPath: "notes") == "notes")
    }

    @Test func theLearnerGitignoreKeepsAnswersAndDropsStateBuildAndSite() {
        let lines = WorkshopLayout.learnerGitignore.split(separator: "\n").map(String.init)
        #expect(lines == [".build/", ".swiftpm/", "site/", ".lesson/*", "!.lesson/answers/"])
        #expect(WorkshopLayout.learnerGitignore.hasSuffix("/\n"))
    }

    @Test func aQuizsNumberAndSlugFollowTheNamingRule() {
        let numbered = Quiz(
            id: "04-lazy-connection", directory: "Quizzes/04-lazy-connection", title: "t", readme: "",
            starter: "", judge: "", adapter: "")
        #expect(numbered.number == 4)
        #expect(numbered.slug == "lazy-connection")
        let plain = Quiz(
            id: "warm-up", directory: "Quizzes/warm-up", title: "t", readme: "", starter: "", judge: "", adapter: "")
        #expect(plain.number == nil)
        #expect(plain.slug == "warm-up")
    }
}
