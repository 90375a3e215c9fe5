import EmbeddedSources
import Foundation
import LessonCore
import Synchronization

/// How `lesson run` runs a lesson.
package struct RunOptions: Sendable {
    /// Compiles at once (default: the number of cores).
    package var jobs: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Runs of each snippet (`--repeat N`).
    package var repeatCount: Int = 1
    /// Only this snippet (`--snippet ID`).
    package var snippetID: String? = nil
    /// Timeout of a snippet that sets none and whose lesson sets none, in seconds.
    package var defaultTimeout: Double = 30
    /// How each snippet process is confined; nil runs it as this process's user, unconfined
    /// (a learner running their own workshop). `lesson serve --class` always sets it.
    package var confinement: Confinement? = nil
    /// Bytes kept per output stream.
    package var outputLimit: Int = 1 << 20
    /// Called after each snippet finishes (for progress output).
    package var progress: (@Sendable (SnippetReport) -> Void)? = nil
    /// Called as builds finish: how many of how many are done, and whether that one came
    /// from the cache.
    package var compileProgress: (@Sendable (_ done: Int, _ total: Int, _ cached: Bool) -> Void)? = nil
    /// Called before each run of a snippet: its id, which run, and how many there will be.
    package var runProgress: (@Sendable (_ snippet: String, _ run: Int, _ runs: Int) -> Void)? = nil
    /// Called with each output line of a run as soon as it is stamped.
    package var lineObserver: (@Sendable (OutputLine) -> Void)? = nil
    /// Called when a run is set aside, before it is run again (its lines were already seen).
    package var setAsideObserver: (@Sendable (SetAsideRun) -> Void)? = nil
    /// True when an `exercise` that fails its checks is a failure (`fail`): its code is a
    /// reference solution (`--solutions`) or a learner's file (`--exercise`). False reports
    /// it as `unsolved`, what a starter is expected to be.
    package var exercisesMustPass = false

    package init() {}
}

/// Builds, runs and checks the snippets of a lesson: compile in parallel, then run one at
/// a time so that snippets never compete with each other for the CPU.
package struct LessonRun: Sendable {
    package let cache: BuildCache

    package init(cache: BuildCache) {
        self.cache = cache
    }

    /// Runs `lesson` and returns its report. Throws only for tool failures.
    package func run(_ lesson: Lesson, options: RunOptions) async throws -> LessonReport {
        let selected = lesson.snippets.filter { options.snippetID == nil || $0.id == options.snippetID }
        let buildable = selected.filter { $0.mode != .skip && $0.mode != .prelude }
        let products = try await compileAll(buildable, of: lesson, options: options)
        var reports: [SnippetReport] = []
        for snippet in selected {
            let report: SnippetReport
            switch products[snippet.id] {
            case .success(let product):
                report = try await runAndCheck(snippet, product, lesson: lesson, options: options)
            case .failure(let unavailable):
                report = SnippetReport(
                    id: snippet.id, line: snippet.line, mode: snippet.mode, status: .error,
                    error: unavailable.description)
            case nil:
                report = SnippetReport(id: snippet.id, line: snippet.line, mode: snippet.mode, status: .skipped)
            }
            options.progress?(report)
            reports.append(report)
        }
        return LessonReport(path: lesson.path, title: lesson.title, snippets: reports)
    }

    /// The build request for a snippet: its code as `main.swift` and the lesson's earlier
    /// preludes, each wrapped in `#sourceLocation` so diagnostics point into the markdown,
    /// plus `-enable-upcoming-feature` for each of its `feature=` names and `-default-isolation`
    /// for its `isolation=`.
    package static func buildRequest(for snippet: Snippet, in lesson: Lesson) -> BuildRequest {
        var sources = [
            SourceFile(
                name: "main.swift", text: snippet.code, locatedAt: snippet.codePath ?? lesson.path,
                line: snippet.codePath == nil ? snippet.codeLine : 1)
        ]
        for (index, prelude) in lesson.preludes(before: snippet).enumerated() {
            sources.append(
                SourceFile(
                    name: "prelude\(index + 1).swift", text: prelude.code, locatedAt: lesson.path,
                    line: prelude.codeLine))
        }
        let isolationFlags = snippet.defaultIsolation.map { ["-default-isolation", $0.rawValue] } ?? []
        guard !snippet.features.isEmpty else { return BuildRequest(sources: sources, extraFlags: isolationFlags) }
        // swiftc ignores an upcoming feature it does not know; this file turns that into an
        // error located at the snippet's fence.
        let guards = snippet.features.map { name in
            let error = SourceFile(
                name: "", text: "#error(\"upcoming feature '\(name)' is not known to this compiler\")",
                locatedAt: lesson.path, line: snippet.line)
            return "#if !hasFeature(\(name))\n\(error.text)#endif\n"
        }
        sources.append(SourceFile(name: "features.swift", text: guards.joined()))
        return BuildRequest(
            sources: sources,
            extraFlags: snippet.features.flatMap { ["-enable-upcoming-feature", $0] } + isolationFlags)
    }

    /// Builds every snippet; a snippet whose support library cannot be built here (a missing
    /// system header) gets that reason instead of a product, and the others still build.
    private func compileAll(_ snippets: [Snippet], of lesson: Lesson, options: RunOptions) async throws
        -> [String: Result<BuildProduct, SupportLibraryUnavailable>]
    {
        let jobs = options.jobs
        return try await withThrowingTaskGroup(of: (String, Result<BuildProduct, SupportLibraryUnavailable>).self) {
            group in
            var products: [String: Result<BuildProduct, SupportLibraryUnavailable>] = [:]
            var pending = snippets[...]
            func startNext() {
                guard let snippet = pending.popFirst() else { return }
                let request = Self.buildRequest(for: snippet, in: lesson)
                group.addTask { [cache] in
                    do {
                        return (snippet.id, .success(try await cache.build(request)))
                    } catch let unavailable as SupportLibraryUnavailable {
                        return (snippet.id, .failure(unavailable))
                    }
                }
            }
            for _ in 0..<max(1, jobs) { startNext() }
            while let (id, product) = try await group.next() {
                products[id] = product
                options.compileProgress?(products.count, snippets.count, (try? product.get())?.result.cached ?? false)
                startNext()
            }
            return products
        }
    }

    private func runAndCheck(
        _ snippet: Snippet, _ product: BuildProduct, lesson: Lesson, options: RunOptions
    ) async throws -> SnippetReport {
        var compiled = product.result
        compiled.diagnostics = lesson.mapColumns(compiled.diagnostics)
        var report = SnippetReport(
            id: snippet.id, line: snippet.line, mode: snippet.mode, status: .pass, compile: compiled)
        let compileChecks = Checker.checkCompile(snippet, compiled)
        report.checks = compileChecks
        // An exercise's starter is expected to fail; only its solution must pass.
        let failed: SnippetReport.Status =
            snippet.mode == .exercise && !options.exercisesMustPass ? .unsolved : .fail
        guard snippet.mode.runs, let executable = product.executable else {
            report.status = compileChecks.allSatisfy(\.pass) ? .pass : failed
            return report
        }
        var process = Subprocess.compiledSwift(executable)
        process.samplesLingering = true
        process.timeout = snippet.timeout ?? lesson.timeout ?? options.defaultTimeout
        process.confinement = options.confinement
        process.outputLimit = options.outputLimit
        process.lineObserver = options.lineObserver
        var runs: [(run: RunResult, verdict: RunVerdict)] = []
        var setAside: [SetAsideRun] = []
        // Per kept run: the waiting that processes outside the run caused (`GraderWatch`).
        var excusable: [HeldBack] = []
        let count = max(1, options.repeatCount)
        while runs.count < count {
            options.runProgress?(snippet.id, runs.count + 1, count)
            let meter = HeldBackMeter()
            var measured = process
            measured.onStart = { meter.start($0) }
            let runCPU = Mutex<Double?>(nil)
            measured.onEnd = { _, cpu in runCPU.withLock { $0 = cpu } }
            let before = GraderWatch.Mark.now()
            var result: RunResult
            do {
                result = try await measured.run()
            } catch {
                report.status = .error
                report.error = "\(error)"
                return report
            }
            let heldBack = meter.stop()
            result.heldBack = heldBack
            try Task.checkCancellation()
            if let limit = result.confinementLimit {
                // Stopped by its learner's memory or process limit: a verdict on the code,
                // never set aside.
                report.run = result
                report.checks = compileChecks
                report.status = .fail
                report.error = limit
                return report
            }
            let verdict = Checker.check(snippet, result)
            let failed = verdict.checks.filter { !$0.pass }.map(\.kind)
            // A failure while the machine kept the process from running says nothing sure
            // about the code: that run is kept aside, in the report, and run again.
            if SetAsideRun.applies(
                failed: !failed.isEmpty, timedOut: result.timedOut, heldBack: heldBack, before: setAside.count)
            {
                let aside = SetAsideRun(elapsed: result.elapsed, heldBack: heldBack, failed: failed)
                setAside.append(aside)
                options.setAsideObserver?(aside)
                continue
            }
            // What other processes took from the CPUs meanwhile (not this run's own
            // processes, not `lesson`): only that may leave a failure undecided.
            let outside = runCPU.withLock { $0 }.map { before.outside(until: .now(watched: $0)) }
            excusable.append(GraderWatch.excusable(heldBack, outside: outside ?? 0))
            runs.append((result, verdict))
        }
        report.setAside = setAside.isEmpty ? nil : setAside
        let failingIndex = runs.firstIndex { !$0.verdict.checks.allSatisfy(\.pass) }
        let failing = failingIndex.map { runs[$0] }
        let shown = failing ?? runs[runs.count - 1]
        report.run = shown.run
        report.matches = shown.verdict.matches
        report.checks = compileChecks + shown.verdict.checks
        report.status = failing == nil ? .pass : failed
        // The last run failed too while the machine held it back, once every run it was
        // allowed to set aside was spent: the code was not judged, and the report says so.
        // Only waiting that other processes caused counts: a snippet that crowds the CPUs
        // itself is judged as it ran.
        if failed == .fail, let failingIndex,
            SetAsideRun.undecided(
                failed: runs[failingIndex].verdict.checks.filter { !$0.pass }.map(\.kind),
                timedOut: runs[failingIndex].run.timedOut, heldBack: excusable[failingIndex])
        {
            report.status = .error
            report.error = SetAsideRun.tooBusy(excusable[failingIndex], setAside: setAside.count)
        }
        if runs.count > 1 {
            report.repeats = RepeatSummary(snippet, runs)
        }
        return report
    }
}
