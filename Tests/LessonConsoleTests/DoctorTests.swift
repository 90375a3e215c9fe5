import Foundation
import LessonCore
import LessonRunner
import TestSupport
import Testing

extension RealProcesses {
    /// `lesson doctor` checks the machine for real, and every command stops at once, in one
    /// line, on a Swift older than the lessons need.
    @Suite struct DoctorTests {
        /// A fake `swiftc` that says it is `version` (and can compile nothing).
        static func fakeCompiler(_ version: String) throws -> String {
            let directory = NSTemporaryDirectory() + "lesson-fake-swiftc-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let path = "\(directory)/swiftc"
            try
                "#!/bin/sh\necho 'Swift version \(version) (swift-\(version)-RELEASE)'\necho 'Target: x86_64-unknown-linux-gnu'\n"
                .write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0o755)
            return path
        }

        /// Runs the `lesson` binary in the repository with `environment` added.
        static func lesson(_ arguments: [String], _ environment: [String: String] = [:]) async throws -> (
            status: Int32?, stdout: String, stderr: String
        ) {
            var process = Subprocess(executable: Fixtures.binary, arguments: arguments)
            process.standardOutput = .pipe
            process.workingDirectory = Fixtures.root
            process.timeout = 300
            var merged = ProcessInfo.processInfo.environment
            merged["NO_COLOR"] = "1"
            merged["LESSON_STATE_DIR"] = NSTemporaryDirectory() + "lesson-doctor-\(UUID().uuidString)"
            merged.merge(environment) { $1 }
            process.environment = merged
            let result = try await process.run()
            return (result.exitCode, result.text(of: .stdout), result.text(of: .stderr))
        }

        @Test func onThisMachineEveryCheckPasses() async throws {
            // CI's machine has what the workshop needs (Swift 6.2+, the SQLite and zlib headers,
            // seccomp); a browser opener is optional and only warns.
            let result = try await Self.lesson(["doctor"])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            let lines = result.stdout.split(separator: "\n")
            #expect(
                lines.contains { $0.hasPrefix("ok: Swift 6.") && $0.contains("need 6.2 or later") }, "\(result.stdout)")
            #expect(lines.contains { $0.hasPrefix("ok: the capstone's C headers") })
            #expect(lines.contains { $0.hasPrefix("ok: confinement works") })
            #expect(
                lines.contains { $0.hasPrefix("ok: a browser opener") || $0.hasPrefix("warning: no browser opener") })
            #expect(result.stdout.hasSuffix("All is well: the workshop runs here."))
        }

        @Test("lesson leaves nothing in TMPDIR: each compiler run has a folder of its own")
        func nothingLeftInTheTemporaryFolder() async throws {
            let parent = NSTemporaryDirectory() + "lesson-doctor-tmp-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: parent) }
            // A fresh state folder: the compiler's version is asked, not remembered.
            let result = try await Self.lesson(["doctor"], ["TMPDIR": parent])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(result.stdout.contains("ok: Swift 6."))
            #expect(try FileManager.default.contentsOfDirectory(atPath: parent).isEmpty)
        }

        @Test func anOldSwiftIsAProblemWithItsFixAndStopsEveryCommandInOneLine() async throws {
            let fake = try Self.fakeCompiler("6.1.2")
            let doctor = try await Self.lesson(["doctor"], ["SWIFTC": fake])
            #expect(doctor.status == 1)
            #expect(
                doctor.stdout.contains("problem: Swift 6.1.2 (\(fake)) is too old: the lessons need Swift 6.2 or later")
            )
            #expect(doctor.stdout.contains("  fix: install Swift 6.2 or later (https://www.swift.org/install)"))
            #expect(doctor.stdout.hasSuffix("1 problem to fix; run 'lesson doctor' again after."))
            for command in [["run", "00"], ["grade", "01"], ["bless", "00"], ["site", "--run"]] {
                let result = try await Self.lesson(command, ["SWIFTC": fake])
                #expect(result.status == 3, "\(command): \(result.stderr)")
                let lines = result.stderr.split(separator: "\n").filter {
                    !$0.hasPrefix("note:") && !$0.hasPrefix("  export")
                }
                #expect(
                    lines.count == 1 && lines[0].hasPrefix("lesson: error: Swift 6.1.2"), "\(command): \(result.stderr)"
                )
            }
            // 6.2 itself is enough.
            let enough = try await Self.lesson(["doctor"], ["SWIFTC": try Self.fakeCompiler("6.2")])
            #expect(enough.stdout.contains("ok: Swift 6.2 ("), "\(enough.stdout)")
        }
    }
}
