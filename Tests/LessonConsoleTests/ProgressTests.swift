import Foundation
import LessonCore
import LessonRunner
import TestSupport
import Testing

extension RealProcesses {
    /// Long commands show a status line on a terminal (done/total, what runs now, time left)
    /// and stay plain lines when piped.
    @Suite struct ProgressTests {
        /// A workshop of two lessons (the sample lesson of `lesson init`, twice).
        static func twoLessons() async throws -> String {
            let root = NSTemporaryDirectory() + "lesson-progress-\(UUID().uuidString)"
            let made = try await run(["init", root], in: NSTemporaryDirectory(), terminal: false)
            #expect(made.contains("wrote a workshop"))
            try FileManager.default.copyItem(
                atPath: "\(root)/Lessons/01-first-steps.md", toPath: "\(root)/Lessons/02-again.md")
            return root
        }

        /// Runs `lesson ARGUMENTS` with standard output (and error, through the shell) on a
        /// pseudo-terminal or a pipe; returns everything it wrote.
        static func run(_ arguments: [String], in directory: String, terminal: Bool) async throws -> String {
            let quoted = ([Fixtures.binary] + arguments).map { "'\($0)'" }.joined(separator: " ")
            var process = Subprocess(executable: "/bin/sh", arguments: ["-c", "exec \(quoted) 2>&1"])
            process.standardOutput = terminal ? .terminal : .pipe
            process.workingDirectory = directory
            process.timeout = 600
            var environment = ProcessInfo.processInfo.environment
            environment["NO_COLOR"] = "1"
            environment["LESSON_STATE_DIR"] = nil
            process.environment = environment
            let result = try await process.run()
            #expect(result.exitCode == 0, "\(arguments): \(result.text(of: .stdout))")
            return result.text(of: .stdout)
        }

        @Test func runAllAndSiteShowAStatusLineOnATerminalAndPlainLinesInAPipe() async throws {
            let root = try await Self.twoLessons()
            defer { try? FileManager.default.removeItem(atPath: root) }
            let erase = "\r\u{1B}[2K"

            let shown = try await Self.run(["run", "--all"], in: root, terminal: true)
            #expect(shown.contains(erase + "[1/2] 01-first-steps: "), "\(shown)")
            #expect(shown.contains(erase + "[2/2] 02-again: "), "\(shown)")
            // The second lesson starts after the first ended: its line knows the pace.
            #expect(shown.contains("left"), "\(shown)")
            // Every result line is still there, and the status line is erased before the summary.
            #expect(shown.contains(erase + "ok: 6 snippets in 2 lessons: 6 passed"), "\(shown)")

            let piped = try await Self.run(["run", "--all"], in: root, terminal: false)
            #expect(!piped.contains("\u{1B}") && !piped.contains("\r") && !piped.contains("[1/2]"), "\(piped)")
            #expect(piped.contains("ok: 6 snippets in 2 lessons: 6 passed"))
            // The same result lines either way, the status line aside.
            func results(_ text: String) -> [String] {
                text.components(separatedBy: erase).joined(separator: "\n").split(separator: "\n")
                    .filter { $0.contains("✓") }.map { String($0.prefix { $0 != "(" }) }
            }
            #expect(results(shown).count == 6)
            #expect(
                Set(results(shown).map { $0.split(separator: " ").prefix(2).joined(separator: " ") })
                    == Set(results(piped).map { $0.split(separator: " ").prefix(2).joined(separator: " ") }))

            // `lesson site --run` runs both lessons again: a status line on a terminal, the
            // plain "running …" lines in a pipe.
            let site = try await Self.run(["site", "--run"], in: root, terminal: true)
            #expect(site.contains(erase + "[1/2] running Lessons/01-first-steps.md"), "\(site)")
            #expect(site.contains(erase + "[2/2] running Lessons/02-again.md"), "\(site)")
            #expect(!site.contains("(no recorded run yet, or --run)"))
            let plainSite = try await Self.run(["site", "--run"], in: root, terminal: false)
            #expect(!plainSite.contains("\u{1B}") && !plainSite.contains("\r"), "\(plainSite)")
            #expect(plainSite.contains("running Lessons/01-first-steps.md (no recorded run yet, or --run)\n"))
        }

        @Test func gradeAndClassGradeCountTheirWorkOnATerminalAndStayPlainInAPipe() async throws {
            let root = try await Self.twoLessons()
            defer { try? FileManager.default.removeItem(atPath: root) }
            let erase = "\r\u{1B}[2K"
            let quiz = "Quizzes/01-add-together"
            let checks = try await Self.run(["grade", "01", "\(quiz)/Solution.swift"], in: root, terminal: false)
            let total = checks.split(separator: "\n").filter { $0.contains("✓") }.count
            #expect(total > 0, "\(checks)")
            #expect(!checks.contains("\u{1B}") && !checks.contains("\r"), "\(checks)")

            // `lesson grade`: what it builds, then the checks counted as their verdicts arrive.
            let graded = try await Self.run(["grade", "01", "\(quiz)/Solution.swift"], in: root, terminal: true)
            #expect(graded.contains(erase + "[1/1] quiz 01-add-together: building"), "\(graded)")
            #expect(graded.contains(erase + "[\(total)/\(total)] quiz 01-add-together: checking"), "\(graded)")
            #expect(graded.contains("All \(total) checks pass"), "\(graded)")

            // `lesson class grade`: a line per row, and below them the count of rows.
            let roster = root + "/roster"
            for learner in ["ann", "ben"] {
                try FileManager.default.createDirectory(
                    atPath: "\(roster)/\(learner)", withIntermediateDirectories: true)
                try FileManager.default.copyItem(
                    atPath: "\(root)/\(quiz)/Solution.swift", toPath: "\(roster)/\(learner)/01.swift")
            }
            let room = try await Self.run(
                ["class", "grade", roster, "--out", root + "/book"], in: root, terminal: true)
            #expect(room.contains(erase + "[2/2] grading"), "\(room)")
            #expect(room.contains("ann 01-add-together: pass") && room.contains("ben 01-add-together: pass"))
            let plainRoom = try await Self.run(
                ["class", "grade", roster, "--out", root + "/book2"], in: root, terminal: false)
            #expect(!plainRoom.contains("\u{1B}") && !plainRoom.contains("\r"), "\(plainRoom)")
            #expect(plainRoom.contains("[1/2] ") && plainRoom.contains("[2/2] "), "\(plainRoom)")
        }
    }
}
