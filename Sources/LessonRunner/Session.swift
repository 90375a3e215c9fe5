import LessonCore

/// What every lesson command works with: the workshop's workspace and the runner over its
/// build cache. The terminal (`lesson`) and `lesson serve` open one the same way.
package struct Session: Sendable {
    /// The workshop and its local state.
    package var workspace: Workspace
    /// The runner, over the workshop's build cache.
    package var runner: LessonRun

    package init(workspace: Workspace, runner: LessonRun) {
        self.workspace = workspace
        self.runner = runner
    }

    /// Finds the workspace (`workshop` when named, see `Workspace.discover`) and the compiler,
    /// creates the cache directory, lets `prepare` act before anything compiles (the terminal
    /// installs its interrupt handler and checks the compiler's version there), and opens
    /// the build cache.
    package static func open(
        workshop: String?, prepare: (Workspace, Toolchain) throws -> Void = { _, _ in }
    ) throws -> Session {
        let workspace = try Workspace.discover(workshop: workshop)
        let toolchain = try Toolchain.locate()
        try workspace.createDirectory(workspace.cacheDirectory)
        try prepare(workspace, toolchain)
        let cache = BuildCache(directory: workspace.cacheDirectory, toolchain: toolchain)
        return Session(workspace: workspace, runner: LessonRun(cache: cache))
    }

    /// The lesson files named, or all of them with `all`.
    package func lessonPaths(_ names: [String], all: Bool) throws -> [String] {
        try workspace.lessonPaths(names, all: all)
    }

    /// Reads and parses lessons; throws every problem of every file at once.
    package func parse(_ paths: [String]) throws -> [Lesson] {
        try workspace.readLessons(paths).map(\.lesson)
    }

    /// Runs `lesson` with `options` and records the run in the workshop (unless it ran one
    /// snippet only). Returns the report and whether it was recorded: a lesson outside the
    /// workshop is not.
    package func runAndRecord(_ lesson: Lesson, options: RunOptions = RunOptions(), records: Bool = true)
        async throws -> (report: LessonReport, recorded: Bool)
    {
        let report = try await runner.run(lesson, options: options)
        let recorded =
            records && options.snippetID == nil ? try workspace.record(report, source: lesson.source) : false
        return (report, recorded)
    }
}
