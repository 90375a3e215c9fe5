import Foundation
import LessonConsole
import LessonCore
import LessonRunner

/// `lesson doctor`: checks what the workshop needs from this machine (a Swift new enough for
/// the lessons, the C headers of the capstone, confinement for grading, a browser for
/// `lesson serve --open`) and prints the fix for each problem. Exit 0 when all is well, 1
/// otherwise.
enum DoctorCommand {
    /// One finding: what was checked, what was found, and the fix when it is a problem.
    struct Finding {
        var ok: Bool
        var what: String
        var fix: String? = nil
        /// A problem that only one command meets (the browser) warns without failing.
        var optional = false
    }

    static func run(_ words: [String]) async -> Int32 {
        do {
            let arguments = try Arguments(words, flags: [], options: [])
            guard arguments.positional.isEmpty else { throw UsageError("usage: lesson doctor") }
            let findings = [toolchain(), headers(), await confinement(), browser()]
            var text = ""
            for finding in findings {
                let mark = finding.ok ? "ok" : finding.optional ? "warning" : "problem"
                text += "\(mark): \(finding.what)\n"
                if let fix = finding.fix, !finding.ok { text += "  fix: \(fix)\n" }
            }
            let failing = findings.filter { !$0.ok && !$0.optional }.count
            text +=
                failing == 0
                ? "All is well: the workshop runs here.\n"
                : "\(failing) problem\(failing == 1 ? "" : "s") to fix; run 'lesson doctor' again after.\n"
            writeStandardOutput(text)
            return failing == 0 ? CLI.Exit.passed : CLI.Exit.failed
        } catch {
            return CLI.exitCode(for: error)
        }
    }

    /// The Swift compiler and whether it is new enough.
    static func toolchain() -> Finding {
        let toolchain: Toolchain
        do {
            toolchain = try Toolchain.locate()
        } catch {
            return Finding(ok: false, what: "no Swift compiler: \(error)", fix: SwiftVersion.installFix)
        }
        switch SwiftVersion.of(toolchain) {
        case .success(let version) where version >= SwiftVersion.minimum:
            return Finding(
                ok: true,
                what: "Swift \(version) (\(toolchain.swiftc)); the lessons need \(SwiftVersion.minimum) or later")
        case .success(let version):
            return Finding(ok: false, what: SwiftVersion.tooOld(version, toolchain), fix: SwiftVersion.installFix)
        case .failure(let reason):
            return Finding(
                ok: false, what: "cannot tell the version of \(toolchain.swiftc): \(reason)",
                fix: SwiftVersion.installFix)
        }
    }

    /// The system headers the capstone's library (`swift test`, `lesson demo movies`) compiles
    /// against.
    static func headers() -> Finding {
        let wanted = [("sqlite3.h", "libsqlite3-dev"), ("zlib.h", "zlib1g-dev")]
        let directories = ["/usr/include", "/usr/local/include", "/usr/include/x86_64-linux-gnu"]
        let missing = wanted.filter { header, _ in
            !directories.contains { FileManager.default.fileExists(atPath: "\($0)/\(header)") }
        }
        guard !missing.isEmpty else {
            return Finding(ok: true, what: "the capstone's C headers: sqlite3.h, zlib.h")
        }
        return Finding(
            ok: false, what: "the capstone needs \(missing.map(\.0).joined(separator: " and ")), not found",
            fix: "apt-get install \(missing.map(\.1).joined(separator: " ")) (Debian, Ubuntu)")
    }

    /// Grading's confinement, tried for real: a confined shell must be refused a new process
    /// (the seccomp filter), while the same shell unconfined may start one.
    static func confinement() async -> Finding {
        func started(confined: Bool) async -> Bool? {
            var shell = Subprocess(executable: "/bin/sh", arguments: ["-c", "/bin/echo started"])
            shell.standardOutput = .pipe
            shell.timeout = 30
            if confined { shell.confinement = Confinement() }
            guard let result = try? await shell.run() else { return nil }
            return result.text(of: .stdout).contains("started")
        }
        let plain = await started(confined: false)
        let confined = await started(confined: true)
        switch (plain, confined) {
        case (true?, false?):
            return Finding(ok: true, what: "confinement works: a confined answer cannot start a process (seccomp)")
        case (_, true?):
            return Finding(
                ok: false, what: "confinement does not hold: a confined program started a process",
                fix: "grade on a Linux kernel with seccomp filters (CONFIG_SECCOMP_FILTER); in a container, "
                    + "do not run it with an unconfined or custom seccomp profile that allows everything")
        default:
            return Finding(
                ok: false, what: "cannot start a confined program here",
                fix: "grading needs Linux with seccomp and prctl(PR_SET_NO_NEW_PRIVS); run it on such a system")
        }
    }

    /// A program that `lesson serve --open` can open the page with.
    static func browser() -> Finding {
        let openers = ["/usr/bin/xdg-open", "/usr/bin/open"]
        if let opener = openers.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            return Finding(ok: true, what: "a browser opener for 'lesson serve --open': \(opener)")
        }
        return Finding(
            ok: false, what: "no browser opener (xdg-open) for 'lesson serve --open'",
            fix: "apt-get install xdg-utils, or open the address 'lesson serve' prints yourself", optional: true)
    }
}

/// The Swift version the lessons need, and how to find the one installed.
enum SwiftVersion {
    /// The oldest Swift the lessons compile with: they use `Task.immediate`, `@concurrent` and
    /// `nonisolated(nonsending)`, all new in Swift 6.2.
    static let minimum = Version(major: 6, minor: 2)

    /// How to get a newer one.
    static let installFix = "install Swift 6.2 or later (https://www.swift.org/install), or set SWIFTC to its swiftc"

    /// A `major.minor` version, ordered.
    struct Version: Comparable, CustomStringConvertible {
        var major: Int
        var minor: Int
        var patch = 0
        static func < (a: Version, b: Version) -> Bool { (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch) }
        var description: String { patch == 0 ? "\(major).\(minor)" : "\(major).\(minor).\(patch)" }
    }

    /// The one line every command fails with on a compiler that is too old.
    static func tooOld(_ version: Version, _ toolchain: Toolchain) -> String {
        "Swift \(version) (\(toolchain.swiftc)) is too old: the lessons need Swift \(minimum) or later "
            + "(Task.immediate, @concurrent); \(installFix)"
    }

    /// Reads `Swift version 6.2.1` (or `Apple Swift version …`) out of `swiftc --version`.
    static func parse(_ text: String) -> Version? {
        guard let range = text.range(of: "Swift version ") else { return nil }
        let numbers = text[range.upperBound...].prefix { $0.isNumber || $0 == "." }.split(separator: ".")
            .compactMap { Int($0) }
        guard numbers.count >= 2 else { return nil }
        return Version(major: numbers[0], minor: numbers[1], patch: numbers.count > 2 ? numbers[2] : 0)
    }

    /// Runs `swiftc --version`.
    static func of(_ toolchain: Toolchain) -> Result<Version, ToolError> {
        var process = toolchain.compiler(["--version"])
        process.standardOutput = .pipe
        process.timeout = 60
        guard let result = try? process.runBlocking() else {
            return .failure(.cannotRun("cannot run \(toolchain.swiftc) --version"))
        }
        let text = result.text(of: .stdout) + "\n" + result.text(of: .stderr)
        guard let version = parse(text) else {
            return .failure(.cannotRun("'\(toolchain.swiftc) --version' names no Swift version"))
        }
        return .success(version)
    }

    /// Throws the one-line error when the compiler is older than `minimum`. The version is
    /// kept in `cacheDirectory` under the compiler's identity, so it is asked once per compiler.
    static func require(_ toolchain: Toolchain, cacheDirectory: String) throws(ToolError) {
        let memo = "\(cacheDirectory)/swiftc-version"
        let key = toolchain.identity + "\n"
        var version: Version?
        if let text = try? String(contentsOfFile: memo, encoding: .utf8), text.hasPrefix(key) {
            version = parse("Swift version " + text.dropFirst(key.count))
        }
        if version == nil {
            switch of(toolchain) {
            case .success(let found):
                version = found
                try? (key + found.description + "\n").write(toFile: memo, atomically: true, encoding: .utf8)
            case .failure:
                return  // a compiler that will not say its version fails later, with its own words
            }
        }
        if let version, version < minimum { throw ToolError.cannotRun(tooOld(version, toolchain)) }
    }
}
