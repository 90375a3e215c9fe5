import Foundation
import LessonCore

/// The directory a workshop lives in (the one holding `Lessons/`), and the local state
/// `lesson` keeps under `.lesson/`: the build cache, recorded runs and quiz answers.
package struct Workspace: Sendable {
    /// The workshop's root directory.
    package var root: String
    /// Where local state goes: `$LESSON_STATE_DIR`, else `ROOT/.lesson`.
    package var stateDirectory: String

    package init(root: String, stateDirectory: String? = nil) {
        self.root = root
        self.stateDirectory = WorkshopLayout(root: root, state: stateDirectory).state
    }

    /// Where everything of this workshop is (`Lessons/`, `Quizzes/`, every path under the
    /// state folder) and what its names mean.
    package var layout: WorkshopLayout { WorkshopLayout(root: root, state: stateDirectory) }

    /// The workshop `lesson` works on: `workshop` (from `--workshop DIR`) when given, else
    /// `$LESSON_WORKSHOP` when set, else the nearest directory at or above `directory` that
    /// holds `Lessons/` (the way git finds its repository), else `directory` itself with
    /// `isWorkshop` false.
    package static func discover(
        from directory: String = FileManager.default.currentDirectoryPath,
        workshop: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(UsageError) -> Workspace {
        let state = environment["LESSON_STATE_DIR"]
        if let explicit = workshop ?? environment["LESSON_WORKSHOP"], !explicit.isEmpty {
            let root = URL(fileURLWithPath: explicit, relativeTo: URL(fileURLWithPath: directory)).standardizedFileURL
            guard isDirectory(WorkshopLayout(root: root.path).lessons) else {
                throw UsageError(
                    "no workshop in \(explicit): it has no Lessons/ directory (create one with 'lesson init \(explicit)')"
                )
            }
            return Workspace(root: root.path, stateDirectory: state)
        }
        var candidate = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            if isDirectory(WorkshopLayout(root: candidate.path).lessons) {
                return Workspace(root: candidate.path, stateDirectory: state)
            }
            let parent = candidate.deletingLastPathComponent()
            if parent.path == candidate.path { break }
            candidate = parent
        }
        var workspace = Workspace(root: URL(fileURLWithPath: directory).standardizedFileURL.path, stateDirectory: state)
        workspace.isWorkshop = false
        return workspace
    }

    /// False when no workshop was found and `root` is only the current directory: lessons
    /// named by path still run, but nothing is recorded.
    package var isWorkshop = true

    /// Throws the error a command that needs a workshop (list, site, quiz) reports outside one.
    package func requireWorkshop() throws(UsageError) {
        guard isWorkshop else {
            throw UsageError(
                "no workshop here: no Lessons/ directory in \(root) or above it; "
                    + "create one with 'lesson init DIR' or name one with --workshop DIR")
        }
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    package var cacheDirectory: String { layout.cache }
    package var runsDirectory: String { layout.runs }
    package var lessonsDirectory: String { layout.lessons }
    package var quizzesDirectory: String { layout.quizzes }

    /// Every `Lessons/NN-slug.md`, sorted, as paths relative to the current directory when
    /// possible.
    package func lessonFiles() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: lessonsDirectory)) ?? []
        return names.filter(WorkshopLayout.isLessonFile).sorted()
            .map { displayPath("\(lessonsDirectory)/\($0)") }
    }

    /// Resolves a lesson argument: a number (`4`, `04`), a slug (`gather`), a file stem
    /// (`04-gather`) or a path to any markdown file.
    package func resolveLesson(_ argument: String) throws(UsageError) -> String {
        if argument.hasSuffix(".md") || argument.contains("/") {
            guard FileManager.default.fileExists(atPath: argument) else {
                throw UsageError("no such lesson file: \(argument)")
            }
            return argument
        }
        let files = lessonFiles()
        let stems = files.map { (path: $0, stem: WorkshopLayout.stem(ofLessonPath: $0)) }
        let match = stems.first { WorkshopLayout.matches(stem: $0.stem, argument) }
        guard let match else {
            let known = stems.map(\.stem).joined(separator: ", ")
            throw UsageError(
                "no lesson '\(argument)' in \(displayPath(lessonsDirectory)); lessons: \(known.isEmpty ? "none" : known)"
            )
        }
        return match.path
    }

    /// The lesson files `names` resolve to, or every lesson with `all` (then also the named
    /// files that are not among them).
    package func lessonPaths(_ names: [String], all: Bool) throws(UsageError) -> [String] {
        if all {
            let files = lessonFiles()
            guard !files.isEmpty else { throw UsageError("no lessons in \(displayPath(lessonsDirectory))") }
            var extra: [String] = []
            for name in names {
                let path = try resolveLesson(name)
                if !files.contains(path) { extra.append(path) }
            }
            return files + extra
        }
        guard !names.isEmpty else { throw UsageError("name a lesson (e.g. 'lesson run 04') or pass --all") }
        var paths: [String] = []
        for name in names { paths.append(try resolveLesson(name)) }
        return paths
    }

    /// Reads and parses lesson files, each once. Throws every problem of every file at
    /// once (`ContentProblems`), or a `UsageError` for a file that cannot be read.
    package func readLessons(_ paths: [String]) throws -> [LessonDocument] {
        var documents: [LessonDocument] = []
        var problems: [Diagnostic] = []
        var sources: [String: String] = [:]
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw UsageError("cannot read \(path)")
            }
            let source = String(decoding: data, as: UTF8.self)
            sources[path] = source
            let document = LessonParser.document(source, path: path)
            documents.append(document)
            problems += document.diagnostics
        }
        if !problems.isEmpty { throw ContentProblems(diagnostics: problems, sources: sources) }
        return documents
    }

    /// `path` relative to the current directory when it is inside it.
    package func displayPath(_ path: String) -> String {
        let current = FileManager.default.currentDirectoryPath
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        if absolute.hasPrefix(current + "/") { return String(absolute.dropFirst(current.count + 1)) }
        return absolute
    }

    /// The identity of a lesson file in this workshop: its path relative to the root (e.g.
    /// `Lessons/04-gather.md`) when it is one of `lessonFiles()`; nil for any other file,
    /// such as an edited copy elsewhere, which is run but never recorded.
    package func lessonIdentity(of lessonPath: String) -> String? {
        guard isWorkshop else { return nil }
        let absolute = URL(fileURLWithPath: lessonPath).standardizedFileURL.resolvingSymlinksInPath().path
        let lessons = URL(fileURLWithPath: lessonsDirectory).standardizedFileURL.resolvingSymlinksInPath().path
        guard absolute.hasPrefix(lessons + "/") else { return nil }
        let name = String(absolute.dropFirst(lessons.count + 1))
        guard !name.contains("/"), WorkshopLayout.isLessonFile(name) else { return nil }
        return WorkshopLayout.lessonIdentity(fileName: name)
    }

    /// Where the last run of a workshop lesson is recorded: `runs/Lessons/NN-slug.md.json`;
    /// nil for a file that is not one of the workshop's lessons.
    package func recordPath(for lessonPath: String) -> String? {
        lessonIdentity(of: lessonPath).map(layout.record(of:))
    }

    /// Saves a lesson's report as its last recorded run, with the lesson's identity and a
    /// hash of the text it ran from, and removes records of lessons that no longer exist.
    /// Returns false, recording nothing, for a file that is not one of the workshop's lessons.
    @discardableResult
    package func record(_ report: LessonReport, source: String) throws -> Bool {
        guard let identity = lessonIdentity(of: report.path), let path = recordPath(for: report.path) else {
            return false
        }
        try createDirectory(URL(fileURLWithPath: path).deletingLastPathComponent().path)
        let formatter = ISO8601DateFormatter()
        let run = RecordedRun(
            recordedAt: formatter.string(from: Date()), host: Self.hostDescription, report: report,
            sourceHash: SHA256.hex(source), lesson: identity)
        try writeJSON(run, to: path)
        removeStrayRecords()
        return true
    }

    /// The last recorded run of a workshop lesson, if any; nil for any other file and for a
    /// record that names another lesson.
    package func lastRun(of lessonPath: String) -> RecordedRun? {
        guard let identity = lessonIdentity(of: lessonPath), let path = recordPath(for: lessonPath),
            let data = FileManager.default.contents(atPath: path),
            let run = try? JSONDecoder().decode(RecordedRun.self, from: data), run.lesson == identity
        else { return nil }
        return run
    }

    /// Removes every file under `runs/` that is not the record of a current lesson: records of
    /// deleted or renamed lessons, and records kept by file name by older versions.
    package func removeStrayRecords() {
        let kept = Set(
            lessonFiles().compactMap(recordPath(for:)).map { URL(fileURLWithPath: $0).standardizedFileURL.path })
        guard let walker = FileManager.default.enumerator(atPath: runsDirectory) else { return }
        for case let name as String in walker {
            let path = URL(fileURLWithPath: "\(runsDirectory)/\(name)").standardizedFileURL.path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                !kept.contains(path)
            else { continue }
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// `Linux x86_64, 2 cores`.
    package static var hostDescription: String {
        var name = utsname()
        uname(&name)
        let machine = withUnsafeBytes(of: &name.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let system = withUnsafeBytes(of: &name.sysname) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return "\(system) \(machine), \(ProcessInfo.processInfo.activeProcessorCount) cores"
    }

    /// Creates a directory and its parents.
    package func createDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw ToolError.io("cannot create \(path): \(error.localizedDescription)")
        }
    }
}

/// A mistake in how `lesson` was called; exit code 2.
package struct UsageError: Error, CustomStringConvertible {
    package var description: String

    package init(_ description: String) {
        self.description = description
    }
}
