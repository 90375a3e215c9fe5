import Foundation
import LessonCore

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
            if let product = products[snippet.id] {
                report = try await runAndCheck(snippet, product, lesson: lesson, options: options)
            } else {
                report = SnippetReport(id: snippet.id, line: snippet.line, mode: snippet.mode, status: .skipped)
            }
            options.progress?(report)
            reports.append(report)
        }
        return LessonReport(path: lesson.path, title: lesson.title, snippets: reports)
    }

    /// The build request for a snippet: its code as `main.swift` and the lesson's earlier
    /// preludes, each wrapped in `#sourceLocation` so diagnostics point into the markdown.
    package static func buildRequest(for snippet: Snippet, in lesson: Lesson) -> BuildRequest {
        var sources = [
            SourceFile(name: "main.swift", text: snippet.code, locatedAt: lesson.path, line: snippet.codeLine)
        ]
        for (index, prelude) in lesson.preludes(before: snippet).enumerated() {
            sources.append(
                SourceFile(
                    name: "prelude\(index + 1).swift", text: prelude.code, locatedAt: lesson.path,
                    line: prelude.codeLine))
        }
        let linksSupport = sources.contains { $0.text.contains("import LessonSupport") }
        return BuildRequest(sources: sources, linksSupport: linksSupport)
    }

    private func compileAll(_ snippets: [Snippet], of lesson: Lesson, options: RunOptions) async throws
        -> [String: BuildProduct]
    {
        let jobs = options.jobs
        return try await withThrowingTaskGroup(of: (String, BuildProduct).self) { group in
            var products: [String: BuildProduct] = [:]
            var pending = snippets[...]
            func startNext() {
                guard let snippet = pending.popFirst() else { return }
                let request = Self.buildRequest(for: snippet, in: lesson)
                group.addTask { [cache] in (snippet.id, try await cache.build(request)) }
            }
            for _ in 0..<max(1, jobs) { startNext() }
            while let (id, product) = try await group.next() {
                products[id] = product
                options.compileProgress?(products.count, snippets.count, product.result.cached)
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
        guard snippet.mode == .run, let executable = product.executable else {
            report.status = compileChecks.allSatisfy(\.pass) ? .pass : .fail
            return report
        }
        var process = Subprocess.compiledSwift(executable)
        process.timeout = snippet.timeout ?? lesson.timeout ?? options.defaultTimeout
        process.outputLimit = options.outputLimit
        process.lineObserver = options.lineObserver
        var runs: [(RunResult, [Check])] = []
        for index in 0..<max(1, options.repeatCount) {
            options.runProgress?(snippet.id, index + 1, max(1, options.repeatCount))
            let result: RunResult
            do {
                result = try await process.run()
            } catch {
                report.status = .error
                report.error = "\(error)"
                return report
            }
            try Task.checkCancellation()
            runs.append((result, Checker.checkRun(snippet, result)))
        }
        let failing = runs.first { !$0.1.allSatisfy(\.pass) }
        let shown = failing ?? runs[runs.count - 1]
        report.run = shown.0
        report.checks = compileChecks + shown.1
        report.status = failing == nil ? .pass : .fail
        if runs.count > 1 {
            report.repeats = Self.summarize(snippet, runs)
        }
        return report
    }

    /// Pass count and, for every stamped expected line, the spread of its measured times.
    private static func summarize(_ snippet: Snippet, _ runs: [(RunResult, [Check])]) -> RepeatSummary {
        var lines: [TimedLine] = []
        for block in snippet.expectations {
            guard let stream = block.stream else { continue }
            let tolerance = block.tolerance ?? snippet.tolerance ?? .standard
            var samples: [Int: [Double]] = [:]
            for (run, _) in runs {
                let actual = run.lines(of: stream)
                let outcome =
                    block.unordered
                    ? OutputMatcher.unordered(block.lines, actual) { expected, line in
                        expected.stamp.map { tolerance.accepts(line.t, expected: $0) } ?? true
                    }
                    : OutputMatcher.ordered(block.lines, actual)
                for (e, a) in outcome.pairs where block.lines[e].stamp != nil {
                    samples[e, default: []].append(actual[a].t)
                }
            }
            for (index, expected) in block.lines.enumerated() {
                guard let stamp = expected.stamp, let spread = Spread(samples[index] ?? []) else { continue }
                lines.append(
                    TimedLine(
                        line: expected.sourceLine, text: expected.raw, expected: stamp,
                        window: tolerance.window(for: stamp), spread: spread))
            }
        }
        let passed = runs.filter { $0.1.allSatisfy(\.pass) }.count
        return RepeatSummary(
            runs: runs.count, passed: passed, elapsed: Spread(runs.map(\.0.elapsed))!, lines: lines)
    }
}
