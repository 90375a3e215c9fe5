import Foundation
import LessonCore
import LessonRunner
import LessonSite

/// `lesson site [--out DIR] [--run | --no-run]`: renders every lesson and quiz into a static
/// site. Reads each lesson's last recorded run; runs (and records) a lesson only when it has no
/// recording or `--run` is given. `--no-run` never runs anything: unrecorded lessons show as
/// "not run yet".
enum SiteCommand {
    static func run(_ words: [String]) async -> Int32 {
        do {
            let arguments = try Arguments(words, flags: ["run", "no-run"], options: ["out"])
            guard arguments.positional.isEmpty else {
                throw UsageError("'lesson site' takes no lesson names; it renders them all")
            }
            guard !(arguments.has("run") && arguments.has("no-run")) else {
                throw UsageError("pass either --run or --no-run, not both")
            }
            let started = MonotonicClock.now()
            let workspace = Workspace.discover()
            let output = arguments.value("out") ?? "\(workspace.root)/site"
            var session: Session?
            var lessons: [SiteLesson] = []
            for path in workspace.lessonFiles() {
                var item = try readLesson(path, workspace: workspace)
                if item.diagnostics.isEmpty, !arguments.has("no-run"), arguments.has("run") || item.recorded == nil {
                    if session == nil { session = try Session.open() }
                    if let session { item.recorded = try await runAndRecord(item.lesson, session: session) }
                }
                lessons.append(item)
            }
            let quizzes = readQuizzes(workspace)
            let read = MonotonicClock.now()
            let files = LessonSite.render(lessons: lessons, quizzes: quizzes)
            let rendered = MonotonicClock.now()
            try workspace.createDirectory(output)
            var bytes = 0
            for file in files {
                let data = Data(file.contents.utf8)
                bytes += data.count
                let url = URL(fileURLWithPath: output).appendingPathComponent(file.path)
                do {
                    try data.write(to: url, options: .atomic)
                } catch {
                    throw ToolError.io("cannot write \(url.path): \(error.localizedDescription)")
                }
            }
            let finished = MonotonicClock.now()
            let pages = files.filter { $0.path.hasSuffix(".html") }.count
            writeStandardOutput(
                "wrote \(pages) pages (\(files.count) files, \(bytes / 1024) KiB) to "
                    + "\(workspace.displayPath(output))/index.html\n"
                    + "site timing: read+run \(formatSeconds(read - started)), render "
                    + "\(formatSeconds(rendered - read)), write \(formatSeconds(finished - rendered))\n")
            return CLI.Exit.passed
        } catch {
            return CLI.exitCode(for: error)
        }
    }

    /// A lesson file, parsed, with its last recorded run.
    static func readLesson(_ path: String, workspace: Workspace) throws -> SiteLesson {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError("cannot read \(path)")
        }
        let source = String(decoding: data, as: UTF8.self)
        let (lesson, diagnostics) = LessonParser.parse(source, path: path)
        let stem = String((path.split(separator: "/").last ?? Substring(path)).dropLast(3))
        return SiteLesson(stem: stem, lesson: lesson, diagnostics: diagnostics, recorded: workspace.lastRun(of: path))
    }

    /// Runs a lesson, records the run and returns the recording.
    static func runAndRecord(_ lesson: Lesson, session: Session) async throws -> RecordedRun? {
        writeStandardError("running \(lesson.path) (no recorded run yet, or --run)\n")
        let report = try await session.runner.run(lesson, options: RunOptions())
        try session.workspace.record(report, source: lesson.source)
        return session.workspace.lastRun(of: lesson.path)
    }

    /// Every `Quizzes/NN-slug/` with a README: the question and the starter only. The checks
    /// and the reference solution are never read.
    static func readQuizzes(_ workspace: Workspace) -> [SiteQuiz] {
        let catalog = GraderCatalog(workspace: workspace)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: workspace.quizzesDirectory)) ?? []
        return names.filter { $0.first?.isNumber == true }.sorted().compactMap { name in
            let directory = "\(workspace.quizzesDirectory)/\(name)"
            guard let readme = FileManager.default.contents(atPath: "\(directory)/README.md") else { return nil }
            let starter = FileManager.default.contents(atPath: "\(directory)/Starter.swift")
            return SiteQuiz(
                stem: name, readme: String(decoding: readme, as: UTF8.self),
                starter: starter.map { String(decoding: $0, as: UTF8.self) }, grade: catalog.lastGrade(of: name))
        }
    }
}
