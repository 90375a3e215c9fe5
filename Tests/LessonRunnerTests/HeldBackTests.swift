import Foundation
import LessonCore
import LessonRunner
import TestSupport
import Testing

extension RealProcesses {
    /// Runs that fail while the machine holds them back are set aside and run again, at most
    /// `SetAsideRun.limit` times, and the report keeps them.
    @Suite struct HeldBackTests {
        @Test func aRunThatFailsWhileHeldBackIsRunAgainButTheFailureStands() async throws {
            let (_, report) = try await Fixtures.run("held-back.md", options: Self.only("crowded"))
            let crowded = try #require(report["crowded"])
            // Crowding the CPUs is the snippet's own doing, so it never buys a pass: after
            // the set-aside runs, the last run's failure is the verdict, unless other
            // processes, too, held that run back (then it is not judged, and says so).
            if crowded.status == .error {
                #expect(crowded.error?.hasPrefix("not judged: ") == true, "\(crowded.error ?? "")")
            } else {
                #expect(crowded.status == .fail)
            }
            let asides = try #require(crowded.setAside)
            #expect(asides.count == SetAsideRun.limit)
            for aside in asides {
                #expect(aside.heldBack.waiting >= HeldBack.disturbing, "\(aside)")
                #expect(aside.failed.contains(.timing))
                #expect(aside.elapsed >= 0.7)
            }
            // The kept run was measured too, and the terminal names every set-aside run.
            #expect((crowded.run?.heldBack?.waiting ?? 0) >= HeldBack.disturbing)
            let text = TerminalReport(color: false).snippet(crowded)
            #expect(text.components(separatedBy: "set aside a run that failed (timing").count == asides.count + 1)
            #expect(text.contains("waiting for a CPU"))
        }

        @Test func aRunThatFailsOnAQuietMachineIsNotRunAgain() async throws {
            let (_, report) = try await Fixtures.run("held-back.md", options: Self.only("late"))
            let late = try #require(report["late"])
            #expect(late.status == .fail)
            // Only a run the machine held back is set aside: on a quiet machine this one is
            // kept as it is; if other work crowded the machine just then, each run set aside
            // must show it.
            let held = try #require(late.run?.heldBack)
            if let asides = late.setAside {
                for aside in asides { #expect(aside.heldBack.isDisturbing, "\(aside)") }
            } else {
                #expect(!held.isDisturbing, "\(held)")
            }
        }

        @Test func theJSONCarriesWhatWasSetAside() throws {
            var report = SnippetReport(id: "x", line: 1, mode: .run, status: .fail)
            report.setAside = [
                SetAsideRun(elapsed: 0.9, heldBack: HeldBack(waiting: 0.3, stolen: 0.02), failed: [.timing])
            ]
            let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
            #expect(json.contains("\"setAside\":[{"))
            #expect(json.contains("\"waiting\":0.3"))
            let decoded = try JSONDecoder().decode(SnippetReport.self, from: Data(json.utf8))
            #expect(decoded.setAside == report.setAside)
            // A report without set-aside runs has no such key, as before.
            let plain = SnippetReport(id: "x", line: 1, mode: .run, status: .pass)
            #expect(!String(decoding: try JSONEncoder().encode(plain), as: UTF8.self).contains("setAside"))
        }

        @Test func aCheckThatFailsWhileHeldBackIsGradedAgainButTheFailureStands() async throws {
            // Quiz 01's starter (downloads one after another), crowding the machine with four
            // spinning threads per core each time it is called.
            let quiz = try QuizSupport.quiz("01")
            let crowding = quiz.starter.replacingOccurrences(
                of: "    var pages: [String] = []\n",
                with: """
                        let deadline = ContinuousClock.now + .milliseconds(400)
                        for _ in 0..<(4 * ProcessInfo.processInfo.activeProcessorCount) {
                            Thread { while ContinuousClock.now < deadline {} }.start()
                        }
                        var pages: [String] = []

                    """)
            try #require(crowding != quiz.starter)
            let report = try await QuizSupport.grade("01", answer: "import Foundation\n" + crowding)
            #expect(report.status == .fail)
            // Crowding buys nothing: the checks the starter fails still fail, and the waiting
            // the answer's own spinning caused excuses nothing (a run is set aside only for
            // waiting up to the CPU time processes outside the grade took, at most twice).
            #expect(
                QuizSupport.failing(report) == QuizSupport.judged(QuizGradingTests.starterFailures["01"], in: report))
            for check in report.checks where !check.passed {
                let asides = check.setAside ?? []
                #expect(asides.count <= SetAsideRun.limit)
                #expect(asides.allSatisfy { $0.heldBack.isDisturbing })
                if !asides.isEmpty {
                    #expect(
                        GradeTerminalReport(color: false).check(check).contains("set aside a run that failed while"))
                }
            }
            // A check that passes may have failed first while held back; never otherwise.
            for check in report.checks where check.passed {
                #expect((check.setAside ?? []).allSatisfy { $0.heldBack.isDisturbing }, "\(check.name)")
            }
        }

        static func only(_ id: String) -> RunOptions {
            var options = RunOptions()
            options.snippetID = id
            return options
        }
    }
}
