import Foundation
import LessonCore
import LessonRunner

/// What every suite that runs real processes shares: the package root, one build cache for
/// the whole test process, the lesson parser that fails on any diagnostic, and the binaries
/// built beside the tests. A target adds its own fixtures (`Fixtures.directory`) in an
/// extension.
package enum Fixtures {
    /// The package root.
    package static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// One cache for the whole test process, so each snippet compiles once.
    package static let cache: BuildCache = {
        let directory = NSTemporaryDirectory() + "lesson-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let toolchain = try! Toolchain.locate()
        return BuildCache(directory: directory, toolchain: toolchain)
    }()

    /// Reads and parses a lesson file, failing the test on any diagnostic.
    package static func lesson(_ path: String) throws -> Lesson {
        let source = try String(contentsOfFile: path, encoding: .utf8)
        let (lesson, problems) = LessonParser.parse(source, path: path)
        guard problems.isEmpty else {
            throw FixtureError(problems.map { $0.formatted() }.joined(separator: "\n"))
        }
        return lesson
    }

    /// The `lesson` binary built beside the test bundle.
    package static let binary: String = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var directory = bundle
        // The test runner may be inside the .xctest bundle's own directory tree.
        for _ in 0..<4
        where !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("lesson").path) {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("lesson").path
    }()

    /// The directory `swift build --show-bin-path` names: the one holding `lesson` and the
    /// package's other programs.
    package static var binDirectory: String { URL(fileURLWithPath: binary).deletingLastPathComponent().path }
}

package struct FixtureError: Error, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}
