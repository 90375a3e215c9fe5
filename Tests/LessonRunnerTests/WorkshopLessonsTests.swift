import Foundation
import LessonCore
import LessonRunner
import TestSupport
import Testing

/// Every lesson in `Lessons/` parses cleanly and passes, for real.
///
/// CI runs the workshop once: `.ci/run` first runs `lesson run --all`, the command the README
/// gives a newcomer, which records each lesson's run; then it runs `swift test` with
/// `LESSON_RECORDED_RUNS` naming the state folder those runs were recorded in, and
/// `lessonPasses` checks the recorded runs instead of running every snippet again. Without
/// the variable, `lessonPasses` runs each lesson itself.
extension RealProcesses {
    @Suite struct WorkshopLessonsTests {
        static let lessons: [String] = {
            let directory = "\(Fixtures.root)/Lessons"
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            return names.filter { $0.hasSuffix(".md") }.sorted().map { "\(directory)/\($0)" }
        }()

        /// The state folder of a `lesson run --all` just done (see above), if any.
        static let recordedRuns = ProcessInfo.processInfo.environment["LESSON_RECORDED_RUNS"]

        /// The report `lessonPasses` checks: the run recorded in `LESSON_RECORDED_RUNS`, which
        /// must be of this very text and hold every snippet, or else a run made now.
        static func report(of lesson: Lesson, path: String) async throws -> LessonReport {
            guard let state = recordedRuns else {
                return try await LessonRun(cache: Fixtures.cache).run(lesson, options: RunOptions())
            }
            let source = try String(contentsOfFile: path, encoding: .utf8)
            let recorded = try #require(
                Workspace(root: Fixtures.root, stateDirectory: state).lastRun(of: path),
                "LESSON_RECORDED_RUNS=\(state) holds no run of \(path)")
            try #require(
                recorded.sourceHash != nil && !recorded.isStale(for: source),
                "\(path): the recorded run is of another text of the lesson")
            var report = recorded.report
            try #require(
                report.snippets.map(\.id) == lesson.snippets.map(\.id),
                "\(path): the recorded run does not hold every snippet")
            // A record keeps no pairing of expected and actual lines; rebuild it from the run,
            // as the site does (the checks themselves are the recorded ones).
            for index in report.snippets.indices {
                guard let run = report.snippets[index].run else { continue }
                report.snippets[index].matches = BlockMatch.all(lesson.snippets[index], run)
            }
            return report
        }

        @Test func theWorkshopHasItsCoreLessons() {
            let names = Self.lessons.map { URL(fileURLWithPath: $0).lastPathComponent }
            #expect(names.contains { $0.hasPrefix("01-") })
            #expect(names.contains { $0.hasPrefix("04-") })
        }

        @Test(arguments: lessons)
        func lessonPasses(_ path: String) async throws {
            let lesson = try Fixtures.lesson(path)
            #expect(lesson.snippets.filter { $0.mode == .run }.count >= 3)
            let report = try await Self.report(of: lesson, path: path)
            TimelineAgreement.expect(lesson, report)
            for snippet in report.snippets where snippet.mode == .exercise {
                // An exercise's starter, as the page shows it, must not already pass.
                #expect(snippet.status == .unsolved, "\(path):\(snippet.line) \(snippet.id): the starter passes")
            }
            for snippet in report.snippets
            where snippet.status != .pass && snippet.status != .skipped && snippet.mode != .exercise {
                let failures = snippet.checks.filter { !$0.pass }.map { "\($0.kind): \($0.message)" }
                Issue.record(
                    "\(path):\(snippet.line) \(snippet.id): \(snippet.error ?? failures.joined(separator: "; "))")
            }
        }

        /// Every lesson from 01 on has an exercise, with at least one hint.
        @Test(arguments: lessons.filter { !URL(fileURLWithPath: $0).lastPathComponent.hasPrefix("00-") })
        func lessonHasExercises(_ path: String) throws {
            let exercises = try Fixtures.lesson(path).snippets.filter { $0.mode == .exercise }
            #expect(!exercises.isEmpty, "\(path) has no exercise")
            for exercise in exercises {
                #expect(!exercise.hints.isEmpty, "\(path):\(exercise.line) \(exercise.id) has no hint")
            }
        }

        /// Every exercise's reference solution (off the page, in `Lessons/solutions/`) passes
        /// the checks its starter fails (`lessonPasses` proves the starters fail).
        @Test(arguments: lessons)
        func exerciseReferencesPass(_ path: String) async throws {
            var lesson = try ExerciseFiles.withSolutions(try Fixtures.lesson(path))
            lesson.snippets = lesson.snippets.filter { $0.mode == .exercise || $0.mode == .prelude }
            guard lesson.snippets.contains(where: { $0.mode == .exercise }) else { return }
            var options = RunOptions()
            options.exercisesMustPass = true
            let report = try await LessonRun(cache: Fixtures.cache).run(lesson, options: options)
            for snippet in report.snippets where snippet.mode == .exercise {
                let failures = snippet.checks.filter { !$0.pass }.map { "\($0.kind): \($0.message)" }
                #expect(
                    snippet.status == .pass,
                    "\(path):\(snippet.line) \(snippet.id): the reference solution does not pass: \(snippet.error ?? failures.joined(separator: "; "))"
                )
            }
        }
    }
}
