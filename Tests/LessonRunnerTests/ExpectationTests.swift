import Foundation
import LessonCore
import LessonRunner
import TestSupport
import Testing

/// Every expectation kind, run for real: once where it holds and once where it must fail,
/// with the message a learner would read.
extension RealProcesses {
    @Suite struct ExpectationTests {
        @Test func everyExpectationKindPasses() async throws {
            let (_, report) = try await Fixtures.run("passing.md")
            for snippet in report.snippets where snippet.status != .skipped {
                #expect(snippet.status == .pass, "\(snippet.id): \(snippet.checks.filter { !$0.pass }.map(\.message))")
            }
            #expect(
                report.summary
                    == {
                        var s = Summary(); s.passed = 10; s.skipped = 2; return s
                    }())
            let timed = try #require(report["timed"]?.checks)
            #expect(timed.map(\.kind) == [.compile, .exit, .output, .timing, .elapsed])
            #expect(report["trap"]?.run?.signal == SIGILL || report["trap"]?.run?.signal == SIGTRAP)
            #expect(report["stderr"]?.run?.exitCode == 3)
            #expect(report["missing-await"]?.checks.map(\.kind) == [.compile, .diagnostics])
        }

        @Test func everyExpectationKindFailsWithItsReason() async throws {
            let (_, report) = try await Fixtures.run("failing.md")
            #expect(report.summary.failed == report.snippets.count)
            let expected: [String: [String]] = [
                "wrong-text": ["output"],
                "late": ["timing"],
                "too-slow": ["elapsed"],
                "missing-unordered": ["output"],
                "bad-exit": ["exit"],
                "no-crash": ["exit"],
                "compiles-after-all": ["compile"],
                "wrong-diagnostic": ["diagnostics"],
                "broken": ["compile"],
                "extra-lines": ["output"],
                "broken-in-list": ["compile"],
            ]
            for (id, kinds) in expected {
                #expect(report[id]?.failedKinds == kinds, "\(id)")
            }
            let late = try #require(report["late"]?.checks.first { $0.kind == .timing })
            #expect(late.message.contains("expected 0.20s ±0.15s"))
            #expect(late.diff?.contains { $0.kind == .late } == true)
            let wrong = try #require(report["wrong-text"]?.checks.first { $0.kind == .output })
            #expect(wrong.diff?.map(\.kind) == [.missing, .unexpected])
            #expect(
                report["bad-exit"]?.checks.first { $0.kind == .exit }?.message
                    == "exited with status 4; expected exit status 0")
            let broken = try #require(report["broken"]?.compile)
            #expect(broken.diagnostics.first?.file.hasSuffix("Fixtures/failing.md") == true)
            #expect(broken.diagnostics.first?.line == 65)
            #expect(broken.diagnostics.first?.column == 14)
            // Inside a list item the code is indented by two; the column counts them.
            let nested = try #require(report["broken-in-list"]?.compile?.diagnostics.first)
            #expect(nested.line == 80)
            #expect(nested.column == 16)
        }

        @Test func warmRunNeverStartsTheCompiler() async throws {
            _ = try await Fixtures.run("passing.md")
            let (_, again) = try await Fixtures.run("passing.md")
            for snippet in again.snippets where snippet.compile != nil {
                #expect(snippet.compile?.cached == true, "\(snippet.id)")
            }
        }

        @Test func repeatReportsPassCountAndSpread() async throws {
            var options = RunOptions()
            options.repeatCount = 3
            options.snippetID = "timed"
            let (_, report) = try await Fixtures.run("passing.md", options: options)
            let repeats = try #require(report["timed"]?.repeats)
            #expect(repeats.runs == 3)
            #expect(repeats.passed == 3)
            #expect(repeats.lines.count == 2)
            let late = try #require(repeats.lines.last)
            #expect(late.expected == 0.4)
            // Never before its sleep; how late each run was is the runs' own verdict (all passed).
            #expect(late.spread.min >= 0.4 && late.spread.max >= late.spread.min)
        }
    }
}
