import LessonCore
import LessonRunner

/// `lesson run`'s work: the lessons named (or all), with their exercises' code replaced when
/// asked, run one after the other with a status line on a terminal, recorded, reported (as
/// text or JSON) and traced.
package enum LessonRunning {
    /// Runs the lessons and returns the exit status: 0 when every check passed, 1 otherwise.
    /// `solutions` runs the exercises' reference solutions, `exercise` the learner's file of
    /// one exercise; neither is recorded.
    package static func run(
        _ names: [String], all: Bool, session: Session, options: RunOptions, solutions: Bool, exercise: String?,
        json: Bool, trace: String?
    ) async throws -> Int32 {
        let paths = try session.lessonPaths(names, all: all)
        var lessons = try session.parse(paths)
        var options = options
        // An exercise's code from elsewhere: its reference solutions, or the learner's file.
        let replaced = solutions || exercise != nil
        if solutions {
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
        if let trace {
            try writeJSON(ChromeTrace(reports), to: trace)
        }
        if json {
            writeStandardOutput(
                try JSONText.document(RunOutput(lessons: reports, summary: summary, seconds: seconds)) + "\n")
        } else {
            writeStandardOutput(report.summary(reports, seconds: seconds))
        }
        return summary.failed + summary.errors == 0 ? Console.Exit.passed : Console.Exit.failed
    }
}

/// The `--json` document of `lesson run`.
package struct RunOutput: Encodable {
    package var lessons: [LessonReport]
    package var summary: Summary
    package var seconds: Double
}
