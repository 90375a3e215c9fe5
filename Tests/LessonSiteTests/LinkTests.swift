import Foundation
import LessonCore
import LessonSite
import Testing

/// Every internal link and anchor of generated pages resolves, and nothing loads from the
/// network.
@Suite struct LinkTests {
    @Test func fixtureLinksResolve() {
        let check = LinkCheck(SiteFixture.site)
        #expect(check.broken() == [])
        #expect(check.external() == [])
    }

    @Test func checkerFindsBrokenLinks() {
        let files = [
            SiteFile(
                path: "a.html",
                contents: "<p id=\"here\"><a href=\"b.html\">b</a> <a href=\"#gone\">x</a> <a href=\"#here\">ok</a></p>"
            )
        ]
        #expect(
            LinkCheck(files).broken() == ["a.html: #gone (no id 'gone' in a.html)", "a.html: b.html (no such file)"])
    }

    /// The real workshop's lessons and quizzes, rendered without recorded runs.
    @Test func workshopLinksResolve() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let lessonsDirectory = root.appendingPathComponent("Lessons").path
        let names = try FileManager.default.contentsOfDirectory(atPath: lessonsDirectory)
            .filter { $0.hasSuffix(".md") }.sorted()
        try #require(!names.isEmpty)
        let lessons = try names.map { name in
            let source = try String(contentsOfFile: "\(lessonsDirectory)/\(name)", encoding: .utf8)
            return SiteLesson(
                stem: String(name.dropLast(3)), document: LessonParser.document(source, path: "Lessons/\(name)"))
        }
        let quizDirectory = root.appendingPathComponent("Quizzes").path
        let quizNames = ((try? FileManager.default.contentsOfDirectory(atPath: quizDirectory)) ?? []).sorted()
        let quizzes = quizNames.compactMap { name -> SiteQuiz? in
            guard let readme = try? String(contentsOfFile: "\(quizDirectory)/\(name)/README.md", encoding: .utf8)
            else { return nil }
            return SiteQuiz(
                stem: name, readme: readme,
                starter: try? String(contentsOfFile: "\(quizDirectory)/\(name)/Starter.swift", encoding: .utf8))
        }
        let site = LessonSite.render(lessons: lessons, quizzes: quizzes)
        #expect(site.count == lessons.count + quizzes.count + 3)
        let check = LinkCheck(site)
        #expect(check.broken() == [])
        #expect(check.external() == [])
    }
}
