import Foundation
import LessonCore

/// What `lesson doctor` checks on this machine: a Swift new enough for the lessons, the C
/// headers of the capstone, confinement for grading, and a browser for `lesson serve --open`.
/// Each check says what it found and, for a problem, the fix.
package enum Doctor {
    /// One finding: what was checked, what was found, and the fix when it is a problem.
    package struct Finding: Sendable {
        package var ok: Bool
        package var what: String
        package var fix: String? = nil
        /// A problem that only one command meets (the browser) warns without failing.
        package var optional = false
    }

    /// Every check, in the order the report lists them.
    package static func findings() async -> [Finding] {
        [toolchain(), headers(), await confinement(), browser()]
    }

    /// The report: a line a finding (`ok:`, `warning:` or `problem:`, with its fix), then the
    /// verdict; and how many problems fail the check (warnings do not).
    package static func report(_ findings: [Finding]) -> (text: String, failing: Int) {
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
        return (text, failing)
    }

    /// The Swift compiler and whether it is new enough.
    package static func toolchain() -> Finding {
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
    package static func headers() -> Finding {
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
    package static func confinement() async -> Finding {
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
    package static func browser() -> Finding {
        if let opener = Browser.desktopOpeners.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            return Finding(ok: true, what: "a browser opener for 'lesson serve --open': \(opener)")
        }
        return Finding(
            ok: false, what: "no browser opener (xdg-open) for 'lesson serve --open'",
            fix: "apt-get install xdg-utils, or open the address 'lesson serve' prints yourself", optional: true)
    }
}
