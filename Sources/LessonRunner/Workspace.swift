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
        self.stateDirectory = stateDirectory ?? "\(root)/.lesson"
    }

    /// The nearest directory at or above `directory` that holds `Lessons/`, else `directory`.
    package static func discover(
        from directory: String = FileManager.default.currentDirectoryPath,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Workspace {
        var candidate = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(
                atPath: candidate.appendingPathComponent("Lessons").path, isDirectory: &isDirectory),
                isDirectory.boolValue
            {
                return Workspace(root: candidate.path, stateDirectory: environment["LESSON_STATE_DIR"])
            }
            let parent = candidate.deletingLastPathComponent()
            if parent.path == candidate.path { break }
            candidate = parent
        }
        return Workspace(root: directory, stateDirectory: environment["LESSON_STATE_DIR"])
    }

    package var cacheDirectory: String { "\(stateDirectory)/cache" }
    package var runsDirectory: String { "\(stateDirectory)/runs" }
    package var lessonsDirectory: String { "\(root)/Lessons" }
    package var quizzesDirectory: String { "\(root)/Quizzes" }

    /// Every `Lessons/NN-slug.md`, sorted, as paths relative to the current directory when
    /// possible.
    package func lessonFiles() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: lessonsDirectory)) ?? []
        return names.filter { $0.hasSuffix(".md") && $0.first?.isNumber == true }.sorted()
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
        let stems = files.map { name -> (path: String, number: String, slug: String, stem: String) in
            let stem = String(name.split(separator: "/").last!.dropLast(3))
            let number = String(stem.prefix(while: \.isNumber))
            let slug = stem.dropFirst(number.count).drop { $0 == "-" }
            return (name, number, String(slug), stem)
        }
        let match = stems.first { entry in
            if let wanted = Int(argument), let number = Int(entry.number) { return wanted == number }
            return entry.stem == argument || entry.slug == argument
        }
        guard let match else {
            let known = stems.map(\.stem).joined(separator: ", ")
            throw UsageError(
                "no lesson '\(argument)' in \(displayPath(lessonsDirectory)); lessons: \(known.isEmpty ? "none" : known)"
            )
        }
        return match.path
    }

    /// `path` relative to the current directory when it is inside it.
    package func displayPath(_ path: String) -> String {
        let current = FileManager.default.currentDirectoryPath
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        if absolute.hasPrefix(current + "/") { return String(absolute.dropFirst(current.count + 1)) }
        return absolute
    }

    /// Where the last run of a lesson file is recorded.
    package func recordPath(for lessonPath: String) -> String {
        let stem = (lessonPath.split(separator: "/").last.map(String.init) ?? lessonPath).replacingOccurrences(
            of: ".md", with: "")
        return "\(runsDirectory)/\(stem).json"
    }

    /// Saves a lesson's report as its last recorded run, with a hash of the text it ran from.
    package func record(_ report: LessonReport, source: String) throws {
        try createDirectory(runsDirectory)
        let formatter = ISO8601DateFormatter()
        let run = RecordedRun(
            recordedAt: formatter.string(from: Date()), host: Self.hostDescription, report: report,
            sourceHash: SHA256.hex(source))
        try writeJSON(run, to: recordPath(for: report.path))
    }

    /// The last recorded run of a lesson file, if any.
    package func lastRun(of lessonPath: String) -> RecordedRun? {
        guard let data = FileManager.default.contents(atPath: recordPath(for: lessonPath)) else { return nil }
        return try? JSONDecoder().decode(RecordedRun.self, from: data)
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
