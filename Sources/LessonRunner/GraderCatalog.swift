import Foundation
import LessonCore

/// Where quizzes and their answers live: the `Quizzes/NN-slug/` directories, each learner's
/// answer file under `.lesson/answers/`, and the last grade under `.lesson/grades/`.
package struct GraderCatalog: Sendable {
    package let workspace: Workspace

    package init(workspace: Workspace) {
        self.workspace = workspace
    }

    /// Every quiz directory (`Quizzes/NN-slug/`), sorted, as absolute paths.
    package func quizDirectories() -> [String] {
        let root = workspace.quizzesDirectory
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return WorkshopLayout.isNumbered(name)
                && FileManager.default.fileExists(atPath: "\(root)/\(name)", isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted().map { "\(root)/\($0)" }
    }

    /// Resolves a quiz argument: a number (`4`, `04`), a slug, `04-slug`, or a path to a
    /// quiz directory.
    package func resolve(_ argument: String) throws(UsageError) -> String {
        if argument.contains("/") {
            guard FileManager.default.fileExists(atPath: "\(argument)/Judge.swift") else {
                throw UsageError("no quiz in \(argument) (it has no Judge.swift)")
            }
            return argument
        }
        let directories = quizDirectories()
        let ids = directories.map { URL(fileURLWithPath: $0).lastPathComponent }
        guard let index = ids.firstIndex(where: { Quiz.matches(id: $0, argument) }) else {
            let known = ids.isEmpty ? "none" : ids.joined(separator: ", ")
            throw UsageError(
                "no quiz '\(argument)' in \(workspace.displayPath(workspace.quizzesDirectory)); quizzes: \(known)")
        }
        return directories[index]
    }

    /// Reads a quiz directory. Throws `QuizProblems` for missing files or a malformed README.
    package func load(_ directory: String) throws -> Quiz {
        let id = URL(fileURLWithPath: directory).lastPathComponent
        let display = workspace.displayPath(directory)
        var problems: [Diagnostic] = []
        func read(_ name: String, required: Bool = true) -> String? {
            guard let data = FileManager.default.contents(atPath: "\(directory)/\(name)") else {
                if required {
                    problems.append(
                        Diagnostic(path: "\(display)/\(name)", line: 1, column: 1, message: "the quiz has no \(name)"))
                }
                return nil
            }
            return String(decoding: data, as: UTF8.self)
        }
        let readme = read("README.md")
        let starter = read("Starter.swift")
        let judge = read("Judge.swift")
        let adapter = read("Adapter.swift")
        let solution = read("Solution.swift", required: false)
        var sources: [String: String] = [:]
        var lesson: Lesson? = nil
        if let readme {
            let path = "\(display)/README.md"
            let (parsed, diagnostics) = LessonParser.parse(readme, path: path)
            lesson = parsed
            problems += diagnostics
            sources[path] = readme
        }
        guard problems.isEmpty, let readme, let starter, let judge, let adapter, let lesson else {
            throw QuizProblems(diagnostics: problems, sources: sources)
        }
        var quiz = Quiz(
            id: id, directory: directory, title: lesson.title, readme: readme, starter: starter,
            judge: judge, adapter: adapter)
        quiz.summary = lesson.summary
        quiz.timeout = lesson.timeout
        quiz.solution = solution
        quiz.hints = lesson.hints
        return quiz
    }

    /// The learner's answer file for a quiz: `.lesson/answers/NN-slug/Answer.swift`.
    package func answerPath(for quiz: Quiz) -> String {
        workspace.layout.answerFile(quiz: quiz.id)
    }

    /// Copies the starter to the answer file unless one exists. Returns true when it created
    /// the file; an existing answer is never overwritten.
    package func createAnswer(for quiz: Quiz) throws -> Bool {
        let path = answerPath(for: quiz)
        if FileManager.default.fileExists(atPath: path) { return false }
        try workspace.createDirectory(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        let created = FileManager.default.createFile(
            atPath: path, contents: Data(quiz.starter.utf8), attributes: nil)
        guard created else { throw ToolError.io("cannot create \(path)") }
        return true
    }

    /// Where the last grade of a quiz is kept.
    package func gradePath(for quizID: String) -> String {
        workspace.layout.grade(quiz: quizID)
    }

    /// Keeps `report` as the quiz's last grade.
    package func record(_ report: GradeReport) throws {
        try workspace.createDirectory(workspace.layout.grades)
        let stamp = ISO8601DateFormatter().string(from: Date())
        try writeJSON(GradeRecord(report, gradedAt: stamp), to: gradePath(for: report.quiz))
    }

    /// The last grade of a quiz, if it was ever graded.
    package func lastGrade(of quizID: String) -> GradeRecord? {
        guard let data = FileManager.default.contents(atPath: gradePath(for: quizID)) else { return nil }
        return try? JSONDecoder().decode(GradeRecord.self, from: data)
    }

    /// `not started`, `started, not graded`, `2 of 6 checks pass` or `all 6 checks pass`.
    package func progress(of quiz: Quiz) -> String {
        if let grade = lastGrade(of: quiz.id) { return grade.progress }
        if FileManager.default.fileExists(atPath: answerPath(for: quiz)) { return "started, not graded" }
        return "not started"
    }
}
