import Foundation
import LessonCore
import LessonRunner
import Testing

/// Every lesson in `Lessons/` parses cleanly and passes, for real.
extension RealProcesses {
    @Suite struct WorkshopLessonsTests {
        static let lessons: [String] = {
            let directory = "\(Fixtures.root)/Lessons"
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            return names.filter { $0.hasSuffix(".md") }.sorted().map { "\(directory)/\($0)" }
        }()

        @Test func theWorkshopHasItsCoreLessons() {
            let names = Self.lessons.map { URL(fileURLWithPath: $0).lastPathComponent }
            #expect(names.contains { $0.hasPrefix("01-") })
            #expect(names.contains { $0.hasPrefix("04-") })
        }

        @Test(arguments: lessons)
        func lessonPasses(_ path: String) async throws {
            let lesson = try Fixtures.lesson(path)
            #expect(lesson.snippets.filter { $0.mode == .run }.count >= 3)
            let report = try await LessonRun(cache: Fixtures.cache).run(lesson, options: RunOptions())
            TimelineAgreement.expect(lesson, report)
            for snippet in report.snippets where snippet.status != .pass && snippet.status != .skipped {
                let failures = snippet.checks.filter { !$0.pass }.map { "\($0.kind): \($0.message)" }
                Issue.record(
                    "\(path):\(snippet.line) \(snippet.id): \(snippet.error ?? failures.joined(separator: "; "))")
            }
        }
    }
}
