import Foundation
import LessonCore
import LessonRunner
import LessonSite

#if canImport(Glibc)
    import Glibc
#endif

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

    /// Every lesson file, parsed, with its last recorded run.
    package func lessons() -> [SiteLesson] {
        workspace.lessonFiles().compactMap { lesson(at: $0) }
    }

    /// The lesson whose file stem is `stem` (e.g. `04-gather`), if the workshop has it.
    package func lesson(stem: String) -> SiteLesson? {
        workspace.lessonFiles().first { Self.stem(of: $0) == stem }.flatMap { lesson(at: $0) }
    }

    private func lesson(at path: String) -> SiteLesson? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let source = String(decoding: data, as: UTF8.self)
        let (lesson, diagnostics) = LessonParser.parse(source, path: path)
        return SiteLesson(
            stem: Self.stem(of: path), lesson: lesson, diagnostics: diagnostics, recorded: workspace.lastRun(of: path))
    }

    /// `Lessons/04-gather.md` → `04-gather`.
    static func stem(of path: String) -> String {
        String((path.split(separator: "/").last ?? Substring(path)).dropLast(3))
    }

    /// Every quiz with a README: the question and the starter (never the checks or solution).
    package func quizzes() -> [SiteQuiz] {
        catalog.quizDirectories().compactMap { directory in
            let stem = URL(fileURLWithPath: directory).lastPathComponent
            guard let readme = FileManager.default.contents(atPath: "\(directory)/README.md") else { return nil }
            let starter = FileManager.default.contents(atPath: "\(directory)/Starter.swift")
            return SiteQuiz(
                stem: stem, readme: String(decoding: readme, as: UTF8.self),
                starter: starter.map { String(decoding: $0, as: UTF8.self) })
        }
    }

    /// The quiz whose directory is `stem` (e.g. `04-lazy-connection`), loaded for grading.
    package func quiz(stem: String) throws -> Quiz? {
        guard
            let directory = catalog.quizDirectories().first(where: {
                URL(fileURLWithPath: $0).lastPathComponent == stem
            })
        else { return nil }
        return try catalog.load(directory)
    }

    /// Modification times and sizes of everything a page is rendered from, keyed by path:
    /// equal fingerprints mean equal pages.
    package func fingerprint() -> [String: String] {
        var files = workspace.lessonFiles()
        for directory in catalog.quizDirectories() {
            files += ["README.md", "Starter.swift"].map { "\(directory)/\($0)" }
        }
        for directory in [workspace.runsDirectory, "\(workspace.stateDirectory)/grades"] {
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
            return SiteLesson(stem: Self.stem(of: file), lesson: Lesson(path: file, source: "", title: "")).pageName
        }
        let parts = file.split(separator: "/")
        if parts.count >= 2, file.hasPrefix(workspace.quizzesDirectory + "/") {
            return SiteQuiz(stem: String(parts[parts.count - 2]), readme: "").pageName
        }
        return nil
    }
}
