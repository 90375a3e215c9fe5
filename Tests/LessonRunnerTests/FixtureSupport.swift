import Foundation
import LessonCore
import LessonRunner
import Testing

/// Every suite that compiles and runs real processes nests in here, so they run one at a
/// time: timing checks must not compete with each other's compiles for two cores.
@Suite(.serialized) struct RealProcesses {}

/// Paths and a shared build cache for tests that compile and run real snippets.
enum Fixtures {
    /// `Tests/LessonRunnerTests/Fixtures`.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path

    /// The package root.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// One cache for the whole test process, so each snippet compiles once.
    static let cache: BuildCache = {
        let directory = NSTemporaryDirectory() + "lesson-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let toolchain = try! Toolchain.locate()
        return BuildCache(directory: directory, toolchain: toolchain)
    }()

    /// Reads and parses a lesson file, failing the test on any diagnostic.
    static func lesson(_ path: String) throws -> Lesson {
        let source = try String(contentsOfFile: path, encoding: .utf8)
        let (lesson, problems) = LessonParser.parse(source, path: path)
        guard problems.isEmpty else {
            throw FixtureError(problems.map { $0.formatted() }.joined(separator: "\n"))
        }
        return lesson
    }

    /// Parses and runs a fixture lesson from `Fixtures/`.
    static func run(_ name: String, options: RunOptions = RunOptions()) async throws -> (Lesson, LessonReport) {
        let lesson = try lesson("\(directory)/\(name)")
        let report = try await LessonRun(cache: cache).run(lesson, options: options)
        TimelineAgreement.expect(lesson, report)
        return (lesson, report)
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension LessonReport {
    /// The report of the snippet with this id.
    subscript(id: String) -> SnippetReport? { snippets.first { $0.id == id } }
}

extension SnippetReport {
    /// The failing checks' kinds, in order.
    var failedKinds: [String] { checks.filter { !$0.pass }.map(\.kind.rawValue) }
}
