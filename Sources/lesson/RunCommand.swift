import Foundation
import LessonConsole
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
                // A run of replaced code (references, an exercise file) is never recorded.
                let (result, recorded) = try await session.runAndRecord(
                    lesson, options: lessonOptions, records: !replaced)
                if options.snippetID == nil, !replaced, !recorded, !json {
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
                    try JSONText.document(RunOutput(lessons: reports, summary: summary, seconds: seconds)) + "\n")
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

extension Session {
    /// The session of a terminal command: the workshop `--workshop` named (or the one found),
    /// with the interrupt handler installed and the compiler's version checked (failing at
    /// once, in one line, when it is older than the lessons need) before anything compiles.
    static func open() throws -> Session {
        try open(workshop: CLI.workshop) { workspace, toolchain in
            Terminal.handleInterrupts(cacheDirectory: workspace.cacheDirectory)
            try SwiftVersion.require(toolchain, cacheDirectory: workspace.cacheDirectory)
        }
    }
}

extension Workspace {
    /// The workspace of a terminal command: the one `--workshop` named, or the one found.
    static func chosen() throws(UsageError) -> Workspace {
        try discover(workshop: CLI.workshop)
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
