import Foundation
import LessonCore

/// The Swift compiler `lesson` builds snippets with.
package struct Toolchain: Sendable {
    /// Absolute path of `swiftc`.
    package var swiftc: String
    /// What identifies this compiler in cache keys without running it: the resolved path,
    /// size and modification time of the binary.
    package var identity: String

    /// Where each compiler process gets a temporary folder of its own (`compiler`).
    package var temporaryParent: String

    package init(swiftc: String, identity: String, temporaryParent: String = PrivateTemporaryDirectory.defaultParent())
    {
        self.swiftc = swiftc
        self.identity = identity
        self.temporaryParent = temporaryParent
    }

    /// A `swiftc` process with `arguments`. Its `TMPDIR` is a folder of its own inside
    /// `temporaryParent`, removed once it and every process it started have ended: the driver
    /// and the frontend write their temporary files there, and what they leave behind (the
    /// driver leaves an empty `TemporaryDirectory.XXXXXX` after `--version`) goes with it.
    package func compiler(_ arguments: [String]) -> Subprocess {
        job([swiftc] + arguments)
    }

    /// One of the compiler's own programs (`swift-frontend`, the linker…) started as
    /// `compiler` starts `swiftc`: `command` is the program's path and its arguments.
    package func job(_ command: [String]) -> Subprocess {
        var process = Subprocess(executable: command[0], arguments: Array(command.dropFirst()))
        process.privateTemporaryDirectory = temporaryParent
        return process
    }

    /// Runs `swiftc ARGUMENTS` in `directory` with its output collected, stopped after
    /// `timeout` seconds (and past `outputLimit` bytes, when given). A compiler that cannot be
    /// started is a `ToolError`; what it says and how it ended are the result.
    package func compile(
        _ arguments: [String], in directory: String, timeout: Double, outputLimit: Int? = nil
    ) async throws -> RunResult {
        try await run([swiftc] + arguments, in: directory, timeout: timeout, outputLimit: outputLimit)
    }

    /// Runs one of the compiler's programs (`command`: its path and arguments, e.g. a job of
    /// a `CompilerPlan`) as `compile` runs `swiftc`.
    package func run(
        _ command: [String], in directory: String, timeout: Double, outputLimit: Int? = nil
    ) async throws -> RunResult {
        var process = job(command)
        process.standardOutput = .pipe
        process.timeout = timeout
        if let outputLimit { process.outputLimit = outputLimit }
        process.workingDirectory = directory
        do {
            return try await process.run()
        } catch {
            throw ToolError.cannotRun("cannot run \(command[0]): \(error)")
        }
    }

    /// `-use-ld=lld` when the toolchain ships `ld.lld` beside `swiftc` (it links a small
    /// snippet with less CPU than the system's default linker; BENCHMARKS.md), else nothing.
    package var linkerFlags: [String] {
        let directory = URL(fileURLWithPath: swiftc).resolvingSymlinksInPath().deletingLastPathComponent().path
        return FileManager.default.isExecutableFile(atPath: "\(directory)/ld.lld") ? ["-use-ld=lld"] : []
    }

    /// Finds `swiftc`: `$SWIFTC` if set, else the first one on `$PATH`.
    package static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ToolError) -> Toolchain {
        let candidates: [String]
        if let explicit = environment["SWIFTC"], !explicit.isEmpty {
            candidates = [explicit]
        } else {
            let path = environment["PATH"] ?? "/usr/bin:/bin"
            candidates = path.split(separator: ":").map { "\($0)/swiftc" }
        }
        let files = FileManager.default
        for candidate in candidates where files.isExecutableFile(atPath: candidate) {
            let resolved = URL(fileURLWithPath: candidate).resolvingSymlinksInPath().path
            let attributes = try? files.attributesOfItem(atPath: resolved)
            let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return Toolchain(
                swiftc: candidate, identity: "\(resolved) \(size) \(modified)",
                temporaryParent: PrivateTemporaryDirectory.defaultParent(environment: environment))
        }
        throw ToolError.noCompiler(environment["SWIFTC"] ?? "swiftc on PATH")
    }
}

/// A failure of `lesson` itself or its tools, as opposed to a problem in a lesson.
/// Maps to exit code 3.
package enum ToolError: Error, CustomStringConvertible {
    /// No usable `swiftc`.
    case noCompiler(String)
    /// A file or directory could not be read or written.
    case io(String)
    /// A process could not be started.
    case cannotRun(String)

    package var description: String {
        switch self {
        case .noCompiler(let place):
            "cannot find the Swift compiler (\(place)); install Swift 6.2 or later (https://www.swift.org/install) or set SWIFTC"
        case .io(let message): message
        case .cannotRun(let message): message
        }
    }
}
