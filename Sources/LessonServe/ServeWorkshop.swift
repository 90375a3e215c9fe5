import Foundation
import Glibc
import LessonCore
import LessonRunner
import LessonSite

/// The workshop as `lesson serve` reads it: lessons with their recorded runs, quizzes, and
/// the learner's edits under `.lesson/edits/`. Everything is looked up by the names the
/// workshop itself lists; a request's words are compared against those names and never
/// joined onto a directory unchecked.
package struct ServeWorkshop: Sendable {
    /// The workshop's root and state directory.
    package let workspace: Workspace

    /// A view of the workshop at `workspace`.
    package init(workspace: Workspace) {
        self.workspace = workspace
    }

    /// The quizzes' catalog (answer files, grades).
    package var catalog: GraderCatalog { GraderCatalog(workspace: workspace) }

    /// The workshop loaded once (`Workshop.load`): every lesson parsed with its last run,
    /// every quiz with its learner's grade.
    package func load() throws -> Workshop {
        try Workshop.load(workspace)
    }

    /// Every lesson as the site renders it.
    package func lessons(of workshop: Workshop) -> [SiteLesson] {
        workshop.lessons.map { SiteLesson(stem: $0.stem, document: $0.document, recorded: $0.recorded) }
    }

    /// Every quiz that loaded, as the site renders it: the question, the starter and the
    /// learner's last grade (never the checks or the solution).
    package func quizzes(of workshop: Workshop) -> [SiteQuiz] {
        workshop.quizzes.compactMap { entry in
            guard let quiz = entry.quiz else { return nil }
            return SiteQuiz(stem: entry.id, readme: quiz.readme, starter: quiz.starter, grade: entry.grade)
        }
    }

    /// The lesson whose file stem is `stem` (e.g. `04-gather`), if the workshop has it, read
    /// without following a symbolic link (a lesson that is a link is refused), with the
    /// identity of the version read.
    package func lesson(stem: String) throws(EditStore.Problem) -> (
        lesson: SiteLesson, identity: EditStore.FileIdentity
    )? {
        guard let path = workspace.lessonFiles().first(where: { Self.stem(of: $0) == stem }),
            let (text, identity) = try EditStore.readFile(path)
        else { return nil }
        // The API needs the lesson's text only; its recorded run (under `.lesson/`) is not read.
        return (SiteLesson(stem: stem, document: LessonParser.document(text, path: path)), identity)
    }

    /// `Lessons/04-gather.md` → `04-gather`.
    static func stem(of path: String) -> String {
        WorkshopLayout.stem(ofLessonPath: path)
    }

    /// The quiz whose directory is `stem` (e.g. `04-lazy-connection`), loaded for grading.
    /// Throws `EditStore.Problem.symbolicLink` when the directory or a file in it is a link:
    /// the API reads nothing through a link.
    package func quiz(stem: String) throws -> Quiz? {
        guard
            let directory = catalog.quizDirectories().first(where: {
                URL(fileURLWithPath: $0).lastPathComponent == stem
            })
        else { return nil }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        try EditStore.refuseLinks([directory] + names.map { "\(directory)/\($0)" })
        return try catalog.load(directory)
    }

    /// Modification times and sizes of everything a page is rendered from, keyed by path:
    /// equal fingerprints mean equal pages.
    package func fingerprint() -> [String: String] {
        var files = workspace.lessonFiles()
        for directory in catalog.quizDirectories() {
            files += ["README.md", "Starter.swift"].map { "\(directory)/\($0)" }
        }
        for directory in [workspace.runsDirectory, workspace.layout.grades] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            files += names.map { "\(directory)/\($0)" }
        }
        var result: [String: String] = [:]
        for file in files {
            var info = stat()
            guard stat(file, &info) == 0 else { continue }
            result[file] = "\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec):\(info.st_size)"
        }
        return result
    }

    /// The page a workshop file is shown on, for the reload notice (`04-gather.html`).
    package func page(of file: String) -> String? {
        if file.hasSuffix(".md"),
            file.hasPrefix(workspace.displayPath(workspace.lessonsDirectory) + "/")
                || file.hasPrefix(workspace.lessonsDirectory + "/")
        {
            return WorkshopLayout.lessonPage(stem: Self.stem(of: file))
        }
        let parts = file.split(separator: "/")
        if parts.count >= 2, file.hasPrefix(workspace.quizzesDirectory + "/") {
            return WorkshopLayout.quizPage(stem: String(parts[parts.count - 2]))
        }
        return nil
    }
}
