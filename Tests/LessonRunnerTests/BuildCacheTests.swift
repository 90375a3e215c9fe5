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
    }
}
