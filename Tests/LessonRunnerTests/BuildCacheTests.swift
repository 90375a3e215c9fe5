import EmbeddedSources
import Foundation
import LessonCore
import LessonRunner
import Testing

extension RealProcesses {
    /// The build cache keeps verdicts on code, and nothing else.
    @Suite struct BuildCacheTests {
        /// A stand-in compiler: a shell script that prints `output` and exits with `status`.
        func fakeCompiler(_ output: String, status: Int) throws -> (BuildCache, String) {
            let directory = NSTemporaryDirectory() + "lesson-fake-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: "\(directory)/cache", withIntermediateDirectories: true)
            let script = "\(directory)/swiftc"
            try "#!/bin/sh\necho '\(output)' >&2\nexit \(status)\n".write(
                toFile: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
            let toolchain = Toolchain(swiftc: script, identity: "fake \(directory)")
            return (BuildCache(directory: "\(directory)/cache", toolchain: toolchain), "\(directory)/cache")
        }

        @Test func aFailureThatPointsAtNoCodeIsAToolErrorAndIsNotCached() async throws {
            let (cache, directory) = try fakeCompiler(
                "ld: fatal error: main: No space left on device", status: 1)
            let request = BuildRequest(sources: [SourceFile(name: "main.swift", text: "print(1)\n")])
            await #expect(throws: ToolError.self) { try await cache.build(request) }
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
        }

        @Test func aCompileErrorInTheCodeIsCachedAsAVerdict() async throws {
            let (cache, directory) = try fakeCompiler(
                "lesson.md:3:5: error: cannot find x in scope", status: 1)
            let request = BuildRequest(sources: [SourceFile(name: "main.swift", text: "x\n")])
            let first = try await cache.build(request)
            #expect(!first.result.succeeded)
            #expect(!first.result.cached)
            #expect(first.result.diagnostics.first?.line == 3)
            let second = try await cache.build(request)
            #expect(second.result.cached)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory).count == 1)
        }

        @Test("the driver's jobs, started directly, build what swiftc builds and say what swiftc says")
        func theDriversPlanBuildsWhatSwiftcBuilds() async throws {
            let files = FileManager.default
            let place = NSTemporaryDirectory() + "lesson-plan-\(UUID().uuidString)"
            try files.createDirectory(atPath: place + "/cache", withIntermediateDirectories: true)
            defer { try? files.removeItem(atPath: place) }
            let toolchain = try Toolchain.locate()
            let cache = BuildCache(directory: place + "/cache", toolchain: toolchain)
            let good = try await cache.build(
                BuildRequest(sources: [
                    SourceFile(
                        name: "main.swift", text: "import Foundation\nprint(greeting(), Date() > .distantPast)\n"),
                    SourceFile(name: "Other.swift", text: "func greeting() -> String { \"hello\" }\n"),
                ]))
            #expect(good.result.succeeded, "\(good.result.output)")
            // The plan was learnt once and kept; the build left only its entry, the plan, and
            // what swift-autolink-extract wrote for the object's libraries.
            let names = try files.contentsOfDirectory(atPath: place + "/cache")
            #expect(names.filter { $0.hasPrefix("plan-") }.count == 1, "\(names)")
            #expect(names.filter { $0.hasPrefix("autolink-") }.count == 1, "\(names)")
            #expect(names.count == 3, "\(names)")
            let entry = try #require(good.executable)
            #expect(
                try files.contentsOfDirectory(atPath: (entry as NSString).deletingLastPathComponent).sorted() == [
                    "main", "result.json",
                ])
            var program = Subprocess(executable: entry)
            program.standardOutput = .pipe
            let ran = try await program.run()
            #expect(ran.text(of: .stdout) == "hello true")
            // The file is kept per autolink section, byte for byte (its order follows the
            // code's files): a program whose object asks for the same libraries in the same
            // order reuses it; any other gets a file of its own. Every program links and runs.
            for (code, printed, files) in [
                ("import Foundation\nprint(\"hello\", Date() > .distantPast)\n", "hello true", 2),
                ("import Foundation\nprint(\"hi\", Date() > .distantPast)\n", "hi true", 2),
                ("import Synchronization\nlet m = Mutex(41)\nprint(m.withLock { $0 + 1 })\n", "42", 3),
            ] {
                let built = try await cache.build(BuildRequest(sources: [SourceFile(name: "main.swift", text: code)]))
                #expect(built.result.succeeded, "\(built.result.output)")
                var other = Subprocess(executable: try #require(built.executable))
                other.standardOutput = .pipe
                #expect(try await other.run().text(of: .stdout) == printed)
                let autolinks = try FileManager.default.contentsOfDirectory(atPath: place + "/cache").filter {
                    $0.hasPrefix("autolink-")
                }
                #expect(autolinks.count == files)
            }
            // A compile error: the same diagnostic, at the same place, as bare swiftc gives.
            let broken = "let x: Int = \"no\"\n"
            let failed = try await cache.build(BuildRequest(sources: [SourceFile(name: "main.swift", text: broken)]))
            #expect(!failed.result.succeeded)
            try broken.write(toFile: place + "/main.swift", atomically: true, encoding: .utf8)
            var bare = toolchain.compiler(BuildCache.flags + ["-o", place + "/bare", place + "/main.swift"])
            bare.standardOutput = .pipe
            let expected = CompilerDiagnostic.parse((try await bare.run()).lines.map(\.text).joined(separator: "\n"))
            let seen = failed.result.diagnostics
            #expect(!seen.isEmpty)
            #expect(seen.map(\.message) == expected.map(\.message))
            #expect(seen.map(\.line) == expected.map(\.line) && seen.map(\.column) == expected.map(\.column))
        }

        @Test("every compiler process gets a temporary folder of its own, removed with what it left")
        func compilerTemporaryFolder() async throws {
            let files = FileManager.default
            let parent = NSTemporaryDirectory() + "lesson-tmpdir-\(UUID().uuidString)"
            try files.createDirectory(atPath: parent, withIntermediateDirectories: true)
            defer {
                for path in [parent, parent + "-swiftc", parent + "-cache"] { try? files.removeItem(atPath: path) }
            }
            // A stand-in compiler that says where its TMPDIR is and leaves there what the Swift
            // driver leaves after `--version`.
            let script = parent + "-swiftc"
            try
                "#!/bin/sh\necho \"$TMPDIR\"\nmkdir \"$TMPDIR/TemporaryDirectory.x\"\ntouch \"$TMPDIR/TemporaryDirectory.x/.keep-directory\"\n"
                .write(toFile: script, atomically: true, encoding: .utf8)
            try files.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
            var fake = Toolchain(swiftc: script, identity: "fake \(parent)", temporaryParent: parent).compiler([])
            fake.standardOutput = .pipe
            let faked = try await fake.run()
            #expect(faked.exitCode == 0, "\(faked.lines)")
            let used = faked.text(of: .stdout).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(used.hasPrefix(parent + "/lesson-tmp-"), "\(used)")
            #expect(try files.contentsOfDirectory(atPath: parent).isEmpty)
            // The real compiler: its version check and a compile leave nothing behind either.
            var real = try Toolchain.locate()
            real.temporaryParent = parent
            var version = real.compiler(["--version"])
            version.standardOutput = .pipe
            let asked = try await version.run()
            #expect(asked.exitCode == 0 && asked.text(of: .stdout).contains("Swift version"))
            #expect(try files.contentsOfDirectory(atPath: parent).isEmpty)
            try files.createDirectory(atPath: parent + "-cache", withIntermediateDirectories: true)
            let cache = BuildCache(directory: parent + "-cache", toolchain: real)
            let built = try await cache.build(
                BuildRequest(sources: [SourceFile(name: "main.swift", text: "print(1)\n")]))
            #expect(built.result.succeeded, "\(built.result.output)")
            #expect(try files.contentsOfDirectory(atPath: parent).isEmpty)
        }
    }
}
