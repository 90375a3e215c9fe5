import Foundation
import LessonCore
import LessonRunner
import TestSupport
import Testing

/// Every suite of this target that compiles and runs real processes nests in here, so they
/// run one at a time, and never beside another target's (see `OneTargetAtATime`).
@Suite(.serialized, .oneTargetAtATime) struct RealProcesses {}

/// The fixture lessons of this target.
extension Fixtures {
    /// `Tests/LessonRunnerTests/Fixtures`.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path

    /// Parses and runs a fixture lesson from `Fixtures/`.
    static func run(_ name: String, options: RunOptions = RunOptions()) async throws -> (Lesson, LessonReport) {
        let lesson = try lesson("\(directory)/\(name)")
        let report = try await LessonRun(cache: cache).run(lesson, options: options)
        TimelineAgreement.expect(lesson, report)
        return (lesson, report)
    }
}

extension LessonReport {
    /// The report of the snippet with this id.
    subscript(id: String) -> SnippetReport? { snippets.first { $0.id == id } }
}

extension SnippetReport {
    /// The failing checks' kinds, in order.
    var failedKinds: [String] { checks.filter { !$0.pass }.map(\.kind.rawValue) }
}
