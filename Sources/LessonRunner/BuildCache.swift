import EmbeddedSources
import Foundation
import Glibc
import LessonCore
import Synchronization

/// One source file of a build: its name inside the build directory (e.g. `main.swift`) and
/// its text, the same value as a file the binary carries.
package typealias SourceFile = EmbeddedFile

extension EmbeddedFile {
    /// A file whose diagnostics point at `path`, starting at `line`: the text wrapped in
    /// `#sourceLocation`, so compiler errors name the lesson or answer, not the build copy.
    package init(name: String, text: String, locatedAt path: String, line: Int = 1) {
        let literal = path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        self.init(
            name: name, text: "#sourceLocation(file: \"\(literal)\", line: \(line))\n\(text)\n#sourceLocation()\n")
    }
}

/// What to compile into one executable.
package struct BuildRequest: Sendable, Hashable {
    /// The files; `main.swift` holds the top-level code.
    package var sources: [SourceFile]
    /// Flags added to the compile (they are part of the cache key).
    package var extraFlags: [String]
    /// Libraries of the request's own, beside the registry's: each is compiled once per
    /// content hash into the cache, like a support library, and linked into the executable
    /// (for a graded answer, the answer kit, so an answer's compile type-checks and generates
    /// only the answer and its adapter).
    package var libraries: [SupportLibrary]

    package init(sources: [SourceFile], extraFlags: [String] = [], libraries: [SupportLibrary] = []) {
        self.sources = sources
        self.extraFlags = extraFlags
        self.libraries = libraries
    }

    /// Every module the sources import, in order of first appearance; the build links the
    /// support libraries among them.
    package var importedModules: [String] {
        var seen: Set<String> = []
        return sources.flatMap { SwiftImports.modules(in: $0.text) }.filter { seen.insert($0).inserted }
    }
}

/// A finished build: the compiler's verdict and, when it succeeded, the executable.
package struct BuildProduct: Sendable {
    package var result: CompileResult
    /// Path of the executable when the build succeeded.
    package var executable: String?
}

/// Compiles snippets with `swiftc`, caching every outcome (successes and failures) by a
/// hash of the sources, flags and compiler, so a warm re-run never starts the compiler.
/// Entries are written to a temporary directory and renamed into place, so an interrupted
/// build never leaves a half-written entry.
package actor BuildCache {
    /// The flags every snippet is compiled with. `-wmo` compiles the snippet and its preludes
    /// in one frontend job instead of one per file (about 20% faster cold, same diagnostics).
    package static let flags = [
        "-swift-version", "6", "-wmo", "-diagnostic-style", "llvm", "-module-name", "Snippet",
    ]

    package let directory: String
    package let toolchain: Toolchain
    /// The libraries snippets may import.
    package let libraries: SupportRegistry
    private var inFlight: [String: Task<BuildProduct, any Error>] = [:]
    private var libraryBuilds: [SupportLibrary: Task<BuiltLibrary, any Error>] = [:]
    private var plans: [[String]: Task<CompilerPlan?, Never>] = [:]

    package init(directory: String, toolchain: Toolchain, libraries: SupportRegistry = .standard) {
        self.directory = directory
        self.toolchain = toolchain
        self.libraries = libraries
        BuildCache.removeAbandonedEntries(in: directory)
    }

    /// Builds the request, or returns the cached outcome. Concurrent requests for the same
    /// key share one compile. Throws `SupportLibraryUnavailable` when a support library the
    /// sources import needs a system header this machine lacks.
    package func build(_ request: BuildRequest) async throws -> BuildProduct {
        var linked: [BuiltLibrary] = []
        for library in try libraries.closure(of: request.importedModules) + request.libraries {
            linked.append(try await build(library))
        }
        let key = cacheKey(request, linked: linked)
        if let running = inFlight[key] { return try await running.value }
        if let cached = Self.readEntry("\(directory)/\(key)") { return cached }
        // Store the task before the first suspension, so a second caller finds it.
        let libraryFlags = BuiltLibrary.clientFlags(linked)
        let planned = plan(for: Self.flags + toolchain.linkerFlags + request.extraFlags + libraryFlags)
        let task = Task { [directory, toolchain] in
            try await Self.compile(
                request, key: key, directory: directory, toolchain: toolchain, libraryFlags: libraryFlags,
                plan: await planned.value)
        }
        inFlight[key] = task
        defer { inFlight[key] = nil }
        return try await task.value
    }

    /// The driver's jobs for a compile with `flags` (`CompilerPlan`), learnt once per flags
    /// and compiler (kept in the cache as `plan-HASH.json`), or nil when `swiftc -###` gives
    /// no plan this parser trusts: then every compile with these flags runs `swiftc`.
    private func plan(for flags: [String]) -> Task<CompilerPlan?, Never> {
        if let known = plans[flags] { return known }
        let task = Task { [directory, toolchain] () -> CompilerPlan? in
            var hasher = SHA256()
            hasher.update(field: "lesson-plan-1")
            hasher.update(field: toolchain.identity)
            for flag in flags { hasher.update(field: flag) }
            let file = "\(directory)/plan-\(hasher.hexDigest()).json"
            if let data = FileManager.default.contents(atPath: file),
                let plan = try? JSONDecoder().decode(CompilerPlan.self, from: data)
            {
                return plan
            }
            var driver = toolchain.compiler(flags + ["-###", CompilerPlan.inputs, "-o", CompilerPlan.output])
            driver.standardOutput = .pipe
            driver.timeout = 60
            guard let run = try? await driver.run(), run.exitCode == 0,
                let plan = CompilerPlan.parse(
                    run.lines.filter { $0.stream == .stdout }.map(\.text).joined(separator: "\n"))
            else { return nil }
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try? writeJSON(plan, to: file)
            return plan
        }
        plans[flags] = task
        return task
    }

    private func cacheKey(_ request: BuildRequest, linked: [BuiltLibrary]) -> String {
        var hasher = SHA256()
        hasher.update(field: "lesson-build-2")
        hasher.update(field: toolchain.identity)
        for flag in Self.flags + toolchain.linkerFlags + request.extraFlags { hasher.update(field: flag) }
        for library in linked { hasher.update(field: library.directory) }
        for source in request.sources {
            hasher.update(field: source.name)
            hasher.update(field: source.text)
        }
        return hasher.hexDigest()
    }

    private static func compile(
        _ request: BuildRequest, key: String, directory: String, toolchain: Toolchain,
        libraryFlags: [String], plan: CompilerPlan?
    ) async throws -> BuildProduct {
        let entry = "\(directory)/\(key)"
        if let cached = readEntry(entry) { return cached }

        let scratch = try makeScratchDirectory(in: directory)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        for source in request.sources {
            try write(source.text, to: "\(scratch)/\(source.name)")
        }
        // Only Swift files are compiled; others (a C header and its module map, found with
        // `-I .` because the compiler runs in the build directory) are just written there.
        let inputs = request.sources.filter { $0.name.hasSuffix(".swift") }.map { "\(scratch)/\($0.name)" }
        let jobs: [[String]]
        if let plan {
            try makeDirectory("\(scratch)/.driver")
            jobs = plan.jobs(inputs: inputs, output: "\(scratch)/main", temporary: "\(scratch)/.driver")
        } else {
            jobs = [
                [toolchain.swiftc] + flags + toolchain.linkerFlags + request.extraFlags + ["-o", "\(scratch)/main"]
                    + libraryFlags + inputs
            ]
        }
        let run = try await runJobs(jobs, in: scratch, toolchain: toolchain, directory: directory)
        try? FileManager.default.removeItem(atPath: "\(scratch)/.driver")
        let output = run.lines.map(\.text).joined(separator: "\n")
        let succeeded = run.exitCode == 0 && FileManager.default.fileExists(atPath: "\(scratch)/main")
        var result = CompileResult(
            succeeded: succeeded, cached: false, seconds: run.elapsed,
            diagnostics: CompilerDiagnostic.parse(output), output: output)
        if run.timedOut || run.signal != nil {
            // Not a verdict on the code: do not cache it.
            result.output += "\nswiftc did not finish (\(run.timedOut ? "timed out" : "killed"))"
            return BuildProduct(result: result, executable: nil)
        }
        if !succeeded, !result.diagnostics.contains(where: { $0.severity == .error }) {
            // A failure that points at no line of the code (a full disk, a broken linker) is
            // the tool's, not the lesson's; caching it would poison every later run.
            throw ToolError.cannotRun("swiftc failed without pointing at the code:\n\(output)")
        }
        try writeJSON(result, to: "\(scratch)/result.json")
        for source in request.sources {
            try? FileManager.default.removeItem(atPath: "\(scratch)/\(source.name)")
        }
        // Publish atomically; if another process won the race, use its entry.
        if rename(scratch, entry) != 0, let cached = readEntry(entry) {
            var fresh = cached
            fresh.result.cached = false
            return fresh
        }
        return BuildProduct(result: result, executable: succeeded ? "\(entry)/main" : nil)
    }

    /// Runs the compile's jobs one after the other, each in `scratch` with a temporary folder
    /// of its own, until one fails; the result holds every job's output, in order.
    private static func runJobs(
        _ jobs: [[String]], in scratch: String, toolchain: Toolchain, directory: String
    ) async throws
        -> RunResult
    {
        var combined: RunResult? = nil
        for job in jobs {
            let known = autolinkFile(job, toolchain: toolchain, directory: directory)
            if let known, let saved = FileManager.default.contents(atPath: known),
                (try? saved.write(to: URL(fileURLWithPath: job[3]))) != nil
            {
                continue
            }
            var run = try await toolchain.run(job, in: scratch, timeout: 300)
            if let known, run.exitCode == 0, !run.timedOut, run.signal == nil,
                let written = FileManager.default.contents(atPath: job[3])
            {
                // Written inside the scratch folder (an interrupt's clean-up removes it), then
                // renamed into place whole.
                let staged = "\(scratch)/autolink-staged"
                if (try? written.write(to: URL(fileURLWithPath: staged))) != nil, rename(staged, known) != 0 {
                    try? FileManager.default.removeItem(atPath: staged)
                }
            }
            if let before = combined {
                run.lines = before.lines + run.lines
                run.elapsed += before.elapsed
            }
            combined = run
            guard run.exitCode == 0, !run.timedOut, run.signal == nil else { break }
        }
        return combined!
    }

    /// Where the cache keeps what `swift-autolink-extract` wrote for the autolink entries of
    /// a plan's `swift-autolink-extract OBJECT -o FILE` job (`AutolinkEntries`): the same
    /// entries and tool give the same file, so a compile that asks for libraries already
    /// seen starts no process for it. Nil when `job` is not that job or the object is not one
    /// `AutolinkEntries` reads; then the job just runs.
    private static func autolinkFile(_ job: [String], toolchain: Toolchain, directory: String) -> String? {
        guard job.count == 4, job[0].hasSuffix("/swift-autolink-extract"), job[2] == "-o",
            let object = FileManager.default.contents(atPath: job[1]),
            let entries = AutolinkEntries.extract([UInt8](object))
        else { return nil }
        var hasher = SHA256()
        hasher.update(field: "lesson-autolink-1")
        hasher.update(field: toolchain.identity)
        hasher.update(field: job[0])
        hasher.update(entries)
        return "\(directory)/autolink-\(hasher.hexDigest())"
    }

    /// Builds a support library once per process (and once per content hash on disk); its
    /// dependencies have been built before it.
    private func build(_ library: SupportLibrary) async throws -> BuiltLibrary {
        if let running = libraryBuilds[library] { return try await running.value }
        var dependencies: [BuiltLibrary] = []
        for dependency in try libraries.closure(of: library.dependencies) {
            dependencies.append(try await build(dependency))
        }
        if let running = libraryBuilds[library] { return try await running.value }
        let task = Task { [directory, toolchain] in
            try await Self.compile(library, dependencies: dependencies, directory: directory, toolchain: toolchain)
        }
        libraryBuilds[library] = task
        return try await task.value
    }

    private static func compile(
        _ library: SupportLibrary, dependencies: [BuiltLibrary], directory: String, toolchain: Toolchain
    ) async throws -> BuiltLibrary {
        var hasher = SHA256()
        hasher.update(field: "lesson-support-2")
        hasher.update(field: toolchain.identity)
        hasher.update(field: library.module)
        for dependency in dependencies { hasher.update(field: dependency.directory) }
        for flag in library.linkFlags { hasher.update(field: flag) }
        let swiftSources = library.sources.filter { $0.name.hasSuffix(".swift") }
        for file in swiftSources {
            hasher.update(field: file.name)
            hasher.update(field: file.text)
        }
        for system in library.systemModules {
            hasher.update(field: system.name)
            for file in system.files {
                hasher.update(field: file.name)
                hasher.update(field: file.text)
            }
        }
        let entry = "\(directory)/support-\(library.module)-\(hasher.hexDigest())"
        let built = BuiltLibrary(library, directory: entry, dependencies: dependencies)
        let archive = "lib\(library.module).a"
        if FileManager.default.fileExists(atPath: "\(entry)/\(archive)") { return built }

        let scratch = try makeScratchDirectory(in: directory)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var arguments = [
            "-swift-version", "6", "-wmo", "-parse-as-library", "-module-name", library.module,
            "-emit-module", "-emit-module-path", "\(scratch)/\(library.module).swiftmodule",
            "-emit-library", "-static", "-o", "\(scratch)/\(archive)",
        ]
        arguments += BuiltLibrary.clientFlags(dependencies, linking: false)
        for system in library.systemModules {
            for file in system.files {
                try writeCreatingParents(file.text, to: "\(scratch)/\(system.name)/\(file.name)", under: scratch)
            }
            arguments += ["-Xcc", "-fmodule-map-file=\(scratch)/\(system.name)/module.modulemap"]
        }
        for file in swiftSources {
            try writeCreatingParents(file.text, to: "\(scratch)/src/\(file.name)", under: scratch)
        }
        arguments += swiftSources.map { "\(scratch)/src/\($0.name)" }
        let run = try await toolchain.compile(arguments, in: scratch, timeout: 600)
        guard run.exitCode == 0 else {
            let output = run.lines.map(\.text).joined(separator: "\n")
            for system in library.systemModules {
                // clang says `'sqlite3.h' file not found` for an #include and `header
                // '/usr/include/sqlite3.h' not found` for a module map's header line.
                for header in system.requiredHeaders
                where output.contains("'\(header)' file not found") || output.contains("\(header)' not found") {
                    throw SupportLibraryUnavailable(
                        module: library.module, header: header, install: system.install)
                }
            }
            throw ToolError.cannotRun("cannot build \(library.module):\n\(output)")
        }
        try? FileManager.default.removeItem(atPath: "\(scratch)/src")
        if rename(scratch, entry) != 0, !FileManager.default.fileExists(atPath: "\(entry)/\(archive)") {
            throw ToolError.io("cannot publish \(entry): \(String(cString: strerror(errno)))")
        }
        return built
    }

    private static func readEntry(_ entry: String) -> BuildProduct? {
        guard let data = FileManager.default.contents(atPath: "\(entry)/result.json"),
            var result = try? JSONDecoder().decode(CompileResult.self, from: data)
        else { return nil }
        let executable = "\(entry)/main"
        if result.succeeded, !FileManager.default.isExecutableFile(atPath: executable) { return nil }
        result.cached = true
        return BuildProduct(result: result, executable: result.succeeded ? executable : nil)
    }

    /// A new `tmp-PID-N` directory; removed by the build, or by a later run if this process
    /// died first.
    package static func makeScratchDirectory(in directory: String) throws -> String {
        let path = "\(directory)/tmp-\(getpid())-\(scratchCounter.add(1, ordering: .relaxed).newValue)"
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw ToolError.io("cannot create \(path): \(error.localizedDescription)")
        }
        // Made after an interrupt's clean-up began (which removes this process's scratch
        // directories once it has set the flag): remove it here, and start nothing more.
        if ProcessRegistry.shared.isStopping {
            try? FileManager.default.removeItem(atPath: path)
            ProcessRegistry.shared.holdIfStopping()
        }
        return path
    }

    /// Removes scratch directories left by processes that no longer exist.
    private static func removeAbandonedEntries(in directory: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix("tmp-") {
            let parts = name.split(separator: "-")
            guard parts.count == 3, let pid = Int32(parts[1]) else { continue }
            if kill(pid, 0) != 0, errno == ESRCH {
                try? FileManager.default.removeItem(atPath: "\(directory)/\(name)")
            }
        }
    }

    /// Removes this process's scratch directories; called when `lesson` is interrupted.
    package static func removeOwnScratch(in directory: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix("tmp-\(getpid())-") {
            // Renamed first: a thread of this process still writing into it by its path then
            // fails instead of adding a file while it is removed. A folder left half removed
            // keeps a `tmp-PID-…` name, which a later `lesson` sweeps away.
            let removing = "\(directory)/\(name).removing"
            let path = rename("\(directory)/\(name)", removing) == 0 ? removing : "\(directory)/\(name)"
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}

private let scratchCounter = Atomic<Int>(0)
