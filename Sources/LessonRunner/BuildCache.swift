import Foundation
import LessonCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One source file of a build.
package struct SourceFile: Sendable, Hashable {
    /// The file name inside the build directory, e.g. `main.swift`.
    package var name: String
    package var text: String

    package init(name: String, text: String) {
        self.name = name
        self.text = text
    }

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
    /// True to link the `LessonSupport` library (the snippet imports it).
    package var linksSupport: Bool
    /// Extra compiler flags; they run in the build directory, so `-I .` finds a module map
    /// given as a source file (only `.swift` files are compiled).
    package var flags: [String]

    package init(sources: [SourceFile], linksSupport: Bool = false, flags: [String] = []) {
        self.sources = sources
        self.linksSupport = linksSupport
        self.flags = flags
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
    /// The flags every snippet is compiled with.
    package static let flags = ["-swift-version", "6", "-diagnostic-style", "llvm", "-module-name", "Snippet"]

    package let directory: String
    package let toolchain: Toolchain
    /// The `Sources/LessonSupport` directory snippets may import from, if there is one.
    package let supportSources: String?
    private var inFlight: [String: Task<BuildProduct, any Error>] = [:]
    private var supportBuild: Task<String, any Error>?

    package init(directory: String, toolchain: Toolchain, supportSources: String? = nil) {
        self.directory = directory
        self.toolchain = toolchain
        self.supportSources = supportSources
        BuildCache.removeAbandonedEntries(in: directory)
    }

    /// Builds the request, or returns the cached outcome. Concurrent requests for the same
    /// key share one compile.
    package func build(_ request: BuildRequest) async throws -> BuildProduct {
        var supportDirectory: String? = nil
        if request.linksSupport { supportDirectory = try await buildSupport() }
        let key = cacheKey(request, supportDirectory: supportDirectory)
        if let running = inFlight[key] { return try await running.value }
        // Store the task before the first suspension, so a second caller finds it.
        let task = Task { [directory, toolchain] in
            try await Self.compile(
                request, key: key, directory: directory, toolchain: toolchain,
                supportDirectory: supportDirectory)
        }
        inFlight[key] = task
        defer { inFlight[key] = nil }
        return try await task.value
    }

    private func cacheKey(_ request: BuildRequest, supportDirectory: String?) -> String {
        var hasher = SHA256()
        hasher.update(field: "lesson-build-1")
        hasher.update(field: toolchain.identity)
        for flag in Self.flags + request.flags { hasher.update(field: flag) }
        hasher.update(field: supportDirectory ?? "-")
        for source in request.sources {
            hasher.update(field: source.name)
            hasher.update(field: source.text)
        }
        return hasher.hexDigest()
    }

    private static func compile(
        _ request: BuildRequest, key: String, directory: String, toolchain: Toolchain,
        supportDirectory: String?
    ) async throws -> BuildProduct {
        let entry = "\(directory)/\(key)"
        if let cached = readEntry(entry) { return cached }

        let scratch = try makeScratchDirectory(in: directory)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        for source in request.sources {
            try write(source.text, to: "\(scratch)/\(source.name)")
        }
        var arguments = flags + ["-o", "\(scratch)/main"]
        if let supportDirectory {
            arguments += ["-I", supportDirectory, "-L", supportDirectory, "-lLessonSupport"]
        }
        arguments += request.flags
        arguments += request.sources.filter { $0.name.hasSuffix(".swift") }.map { "\(scratch)/\($0.name)" }
        var compiler = Subprocess(executable: toolchain.swiftc, arguments: arguments)
        compiler.standardOutput = .pipe
        compiler.timeout = 300
        compiler.workingDirectory = scratch
        let run: RunResult
        do {
            run = try await compiler.run()
        } catch {
            throw ToolError.cannotRun("cannot run \(toolchain.swiftc): \(error)")
        }
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
        if !succeeded, !result.diagnostics.contains(where: { $0.severity == "error" }) {
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

    /// Compiles `Sources/LessonSupport` into a static library once per content hash.
    private func buildSupport() async throws -> String {
        if let supportBuild { return try await supportBuild.value }
        guard let supportSources else {
            throw ToolError.io("a snippet imports LessonSupport, but Sources/LessonSupport was not found")
        }
        let task = Task { [directory, toolchain] in
            try await Self.compileSupport(from: supportSources, directory: directory, toolchain: toolchain)
        }
        supportBuild = task
        return try await task.value
    }

    private static func compileSupport(
        from sources: String, directory: String, toolchain: Toolchain
    ) async throws -> String {
        let files = try FileManager.default.contentsOfDirectory(atPath: sources)
            .filter { $0.hasSuffix(".swift") }.sorted()
        var hasher = SHA256()
        hasher.update(field: "lesson-support-1")
        hasher.update(field: toolchain.identity)
        for file in files {
            hasher.update(field: file)
            hasher.update(field: try String(contentsOfFile: "\(sources)/\(file)", encoding: .utf8))
        }
        let entry = "\(directory)/support-\(hasher.hexDigest())"
        if FileManager.default.fileExists(atPath: "\(entry)/libLessonSupport.a") { return entry }
        let scratch = try makeScratchDirectory(in: directory)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var compiler = Subprocess(
            executable: toolchain.swiftc,
            arguments: [
                "-swift-version", "6", "-parse-as-library", "-module-name", "LessonSupport",
                "-emit-module", "-emit-module-path", "\(scratch)/LessonSupport.swiftmodule",
                "-emit-library", "-static", "-o", "\(scratch)/libLessonSupport.a",
            ] + files.map { "\(sources)/\($0)" })
        compiler.standardOutput = .pipe
        compiler.timeout = 600
        compiler.workingDirectory = scratch
        let run = try await compiler.run()
        guard run.exitCode == 0 else {
            throw ToolError.cannotRun(
                "cannot build LessonSupport:\n" + run.lines.map(\.text).joined(separator: "\n"))
        }
        if rename(scratch, entry) != 0, !FileManager.default.fileExists(atPath: "\(entry)/libLessonSupport.a") {
            throw ToolError.io("cannot publish \(entry): \(String(cString: strerror(errno)))")
        }
        return entry
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
    private static func makeScratchDirectory(in directory: String) throws -> String {
        let path = "\(directory)/tmp-\(getpid())-\(scratchCounter.add(1, ordering: .relaxed).newValue)"
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw ToolError.io("cannot create \(path): \(error.localizedDescription)")
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
            try? FileManager.default.removeItem(atPath: "\(directory)/\(name)")
        }
    }
}

private let scratchCounter = Atomic<Int>(0)

/// Writes text to a file atomically (temporary file, then rename).
package func write(_ text: String, to path: String) throws {
    do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw ToolError.io("cannot write \(path): \(error.localizedDescription)")
    }
}

/// Writes a value as pretty, key-sorted JSON, atomically.
package func writeJSON(_ value: some Encodable, to path: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data: Data
    do {
        data = try encoder.encode(value)
    } catch {
        throw ToolError.io("cannot encode \(path): \(error)")
    }
    do {
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw ToolError.io("cannot write \(path): \(error.localizedDescription)")
    }
}
