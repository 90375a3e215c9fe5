import Foundation
import LessonCore
import LessonRunner

/// `lesson run <lesson>… | --all [--snippet ID] [--json] [--repeat N] [--jobs N]`
/// `[--solutions | --exercise ID]`.
enum RunCommand {
    static func run(_ words: [String]) async -> Int32 {
        do {
            let arguments = try Arguments(
                words, flags: ["all", "json", "solutions"], options: ["snippet", "repeat", "jobs", "trace", "exercise"])
            var options = RunOptions()
            options.repeatCount = try arguments.count("repeat", default: 1)
            options.jobs = try arguments.count("jobs", default: options.jobs)
            options.snippetID = arguments.value("snippet")
            let session = try Session.open()
            let paths = try session.lessonPaths(arguments.positional, all: arguments.has("all"))
            var lessons = try session.parse(paths)
            // An exercise's code from elsewhere: its reference solutions, or the learner's file.
            let exercise = arguments.value("exercise")
            let replaced = arguments.has("solutions") || exercise != nil
            if arguments.has("solutions") {
                guard exercise == nil else { throw UsageError("use --solutions or --exercise, not both") }
                lessons = try lessons.map { try ExerciseFiles.withSolutions($0) }
            }
            if let exercise {
                guard lessons.count == 1, options.snippetID == nil else {
                    throw UsageError("--exercise ID checks one exercise of one lesson: lesson run 04 --exercise ID")
                }
                let path = ExerciseFiles.learnerPath(
                    root: session.workspace.root, lessonPath: lessons[0].path, id: exercise)
                lessons[0] = try ExerciseFiles.withLearnerFile(lessons[0], id: exercise, path: path)
                options.snippetID = exercise
            }
            options.exercisesMustPass = replaced
            if let id = options.snippetID {
                let known = lessons.flatMap { $0.snippets.map(\.id) }
                guard known.contains(id) else {
                    throw UsageError("no snippet '\(id)'; snippets: \(known.joined(separator: ", "))")
                }
            }
            let json = arguments.has("json")
            let report = TerminalReport(color: Terminal.usesColor)
            let started = MonotonicClock.now()
            var reports: [LessonReport] = []
            var summary = Summary()
            // On a terminal, a status line: which lesson of how many, what it does now, the
            // time left; piped, plain lines only.
            let status = StatusLine(total: lessons.count, terminal: json ? false : nil)
            for lesson in lessons {
                let name = lesson.path.split(separator: "/").last.map { String($0.dropLast(3)) } ?? lesson.path
                if !json { status.print(report.header(lesson)) }
                var lessonOptions = options
                if !json {
                    lessonOptions.progress = { status.print(report.snippet($0)) }
                    if status.drawn {
                        status.now("\(name): compiling")
                        lessonOptions.compileProgress = { done, total, _ in
                            status.now(
                                done == total ? "\(name): running" : "\(name): compiling, \(done) of \(total) done")
                        }
                        if options.repeatCount > 1 {
                            lessonOptions.runProgress = { id, run, runs in
                                status.now("\(name): \(id), run \(run) of \(runs)")
                            }
                        }
                    }
                }
                let result = try await session.runner.run(lesson, options: lessonOptions)
                if options.snippetID == nil, !replaced,
                    !(try session.workspace.record(result, source: lesson.source)), !json
                {
                    status.print(
                        "  (not recorded: \(lesson.path) is not one of the lessons of the workshop in "
                            + "\(session.workspace.displayPath(session.workspace.root)))\n")
                }
                status.finished()
                summary.add(result.summary)
                reports.append(result)
            }
            status.clear()
            let seconds = MonotonicClock.now() - started
            if let trace = arguments.value("trace") {
                try writeJSON(ChromeTrace(reports), to: trace)
            }
            if json {
                writeStandardOutput(
                    try encodeJSON(RunOutput(lessons: reports, summary: summary, seconds: seconds)) + "\n")
            } else {
                writeStandardOutput(report.summary(reports, seconds: seconds))
            }
            return summary.failed + summary.errors == 0 ? CLI.Exit.passed : CLI.Exit.failed
        } catch {
            return CLI.exitCode(for: error)
        }
    }
}

/// The `--json` document of `lesson run`.
struct RunOutput: Encodable {
    var lessons: [LessonReport]
    var summary: Summary
    var seconds: Double
}

/// What every lesson command needs: the workspace, the compiler, the cache and the runner.
struct Session {
    var workspace: Workspace
    var runner: LessonRun

    /// Finds the workspace and the compiler (failing at once, in one line, when it is older
    /// than the lessons need) and installs the interrupt handler.
    static func open() throws -> Session {
        let workspace = try Workspace.discover()
        let toolchain = try Toolchain.locate()
        try workspace.createDirectory(workspace.cacheDirectory)
        Terminal.handleInterrupts(cacheDirectory: workspace.cacheDirectory)
        try SwiftVersion.require(toolchain, cacheDirectory: workspace.cacheDirectory)
        let cache = BuildCache(directory: workspace.cacheDirectory, toolchain: toolchain)
        return Session(workspace: workspace, runner: LessonRun(cache: cache))
    }

    /// The lesson files named, or all of them with `--all`.
    func lessonPaths(_ names: [String], all: Bool) throws -> [String] {
        try workspace.lessonPaths(names, all: all)
    }

    /// Reads and parses lessons; throws every problem of every file at once.
    func parse(_ paths: [String]) throws -> [Lesson] {
        try workspace.readLessons(paths).map(\.lesson)
    }
}

extension CLI {
    /// Prints a thrown error the way its kind deserves and returns the contract's exit code.
    static func exitCode(for error: any Error) -> Int32 {
        switch error {
        case let problems as ContentProblems:
            writeStandardError(problems.formatted)
            return Exit.usage
        case let usage as UsageError:
            printError(usage.description)
            return Exit.usage
        case let tool as ToolError:
            printError(tool.description)
            return Exit.toolFailure
        case is CancellationError:
            return 130
        default:
            printError("\(error)")
            return Exit.toolFailure
        }
    }
}

/// Key-sorted, pretty JSON text.
func encodeJSON(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
