import Foundation
import LessonCore
import LessonRunner
import Synchronization
import Testing

extension RealProcesses {
    /// No retry a wrong answer can earn: each answer process gets a world of its own (nothing
    /// it writes reaches a later run), crowding the machine on purpose excuses nothing, a
    /// set-aside shows in every record of the grade, and a thread bomb meets a ceiling with a
    /// verdict of its own.
    @Suite struct QuizIntegrityTests {
        @Test("an answer that crowds the machine and counts its runs in /tmp never earns a retry")
        func noRetryToEarn() async throws {
            let report = try await QuizSupport.gradeFixture("01", "earns-retries.swift", in: "integrity")
            #expect(
                QuizSupport.failing(report)
                    == QuizSupport.judged(["pages come back in the order of the URLs"], in: report))
            for check in report.checks {
                // A run is set aside only for waiting that processes outside the grade may
                // have caused (on a quiet machine: never here); whatever was set aside, the
                // failure stands.
                #expect((check.setAside ?? []).allSatisfy { $0.heldBack.isDisturbing })
                // Every run of every check starts with an empty /tmp of its own.
                let seen = check.output.filter { $0.hasPrefix("earlier runs seen in /tmp:") }
                #expect(!seen.isEmpty && seen.allSatisfy { $0 == "earlier runs seen in /tmp: 0" }, "\(seen)")
            }
        }

        @Test("only waiting up to the CPU time taken outside the grade, and steal, may excuse a failure")
        func crowdingExcusesNothing() {
            let held = HeldBack(waiting: 0.30, stolen: 0)
            // Nothing outside the grade ran meanwhile: all the waiting was the grade's own doing.
            #expect(!GraderWatch.excusable(held, outside: 0).isDisturbing)
            // Processes outside the grade took 0.1 s of CPU: at most that much waiting was theirs.
            #expect(abs(GraderWatch.excusable(held, outside: 0.1).waiting - 0.1) < 1e-9)
            #expect(GraderWatch.excusable(held, outside: 0.1).isDisturbing)
            // They took 2 s: all the waiting may be theirs, and never more than was measured.
            #expect(GraderWatch.excusable(held, outside: 2).waiting == held.waiting)
            // What the host steals is never the answer's doing.
            #expect(GraderWatch.excusable(HeldBack(waiting: 0, stolen: 0.06), outside: 0).isDisturbing)
        }

        /// A shell that spins in two processes (itself and a child it starts).
        static let spin = "s() { i=0; while [ $i -lt 150000 ]; do i=$((i+1)); done; }; s & s; wait"

        @Test("the CPU time of the grade's own processes is the grade's, never the machine's")
        func ownCPUIsCountedInside() async throws {
            let watch = GraderWatch()
            defer { watch.stop() }
            let reaped = Mutex<Double?>(nil)
            var process = Subprocess(executable: "/bin/sh", arguments: ["-c", Self.spin])
            process.timeout = 600
            process.onStart = { watch.started($0, isAnswer: true) }
            process.onEnd = { pid, cpu in
                watch.ended(pid, cpu: cpu)
                reaped.withLock { $0 = cpu }
            }
            let before = watch.mark()
            let run = try await process.run()
            let after = watch.mark()
            #expect(run.exitCode == 0)
            // What the run's two processes took, from reaping them.
            let cpu = try #require(reaped.withLock { $0 })
            #expect(cpu > 0)
            // All of it is counted as the grade's: none of it can pass for the machine's load.
            #expect(after.inside - before.inside >= cpu)
            #expect(watch.cpu >= cpu)
        }

        @Test("the CPU time of a process outside the grade counts as the machine's")
        func otherCPUIsCountedOutside() async throws {
            let watch = GraderWatch()
            defer { watch.stop() }
            let reaped = Mutex<Double?>(nil)
            var process = Subprocess(executable: "/bin/sh", arguments: ["-c", Self.spin])
            process.timeout = 600
            process.onEnd = { _, cpu in reaped.withLock { $0 = cpu } }
            let before = watch.mark()
            _ = try await process.run()
            let outside = watch.outside(since: before)
            let cpu = try #require(reaped.withLock { $0 })
            // The machine's counts are in clock ticks, a process's exact: allow a fifth.
            #expect(outside >= 0.8 * cpu, "outside \(outside) s, the other process took \(cpu) s")
            #expect(watch.cpu == 0)
        }

        @Test("an answer that keeps running after its verdict says where its threads were")
        func lingeringAnswer() async throws {
            let report = try await QuizSupport.gradeFixture("01", "lingers-after-verdict.swift", in: "integrity")
            // The verdicts are the judge's: the answer is correct, only slow to end.
            #expect(report.status == .pass, "\(report.checks.filter { !$0.passed })")
            for check in report.checks {
                let lingered = try #require(check.lingered, "\(check.name)")
                // Sampled a second after the verdict, while its exit handler slept.
                #expect(lingered.seconds >= 1)
                #expect(lingered.threads.contains { $0.syscall == "clock_nanosleep" }, "\(lingered.threads)")
                #expect(GradeTerminalReport(color: false).check(check).contains("kept running"))
            }
            let json = ExercismResults(report)
            #expect(json.tests.allSatisfy { $0.message?.contains("after the check's verdict; ") == true })
        }

        @Test("a thread bomb reaches the ceiling and every check says so")
        func threadCeiling() async throws {
            let report = try await QuizSupport.gradeFixture("01", "thread-bomb.swift", in: "integrity")
            #expect(report.status == .fail)
            for check in report.checks {
                #expect(check.status == .fail)
                #expect(
                    check.message.contains("reached the ceiling of \(Confinement.answerThreads) threads"),
                    "\(check.message)")
            }
        }

        @Test(
            "a check that tells causes apart gives the hint of the cause it saw, not its own",
            arguments: [
                ("never-closes.swift", "on every path"),
                ("closes-after-a-grace-period.swift", "A Task started in defer is not awaited"),
                ("closes-before-commit.swift", "the close is the last thing"),
                ("closes-twice-after-failed-commit.swift", "reaches another close"),
            ])
        func hintFollowsTheCause(_ fixture: String, _ hint: String) async throws {
            let report = try await QuizSupport.gradeFixture("04", fixture)
            // The hints the checks give when they cannot tell (as every passing check keeps).
            let solution = try await QuizSupport.grade("04", answer: try #require(try QuizSupport.quiz("04").solution))
            let general = Dictionary(uniqueKeysWithValues: solution.checks.map { ($0.name, $0.hint) })
            let failed = report.checks.filter { !$0.passed && $0.name != "requests still run at the same time" }
            #expect(!failed.isEmpty)
            for check in failed {
                #expect(check.hint.contains(hint), "\(check.name): \(check.hint)")
                // The cause's hint, not the one the check gives when it cannot tell.
                #expect(general[check.name] != nil && general[check.name] != check.hint)
            }
            let json = ExercismResults(report)
            #expect(json.tests.contains { $0.message?.contains("Hint: " + failed[0].hint) == true })
        }

        @Test("a set-aside run appears in --json and in the grade record, also when the check passed")
        func setAsideIsNeverHidden() {
            var check = CheckResult(name: "downloads run at the same time", status: .pass)
            check.setAside = [SetAsideRun(elapsed: 1.2, heldBack: HeldBack(waiting: 0.08, stolen: 0), failed: [])]
            var report = GradeReport(quiz: "01-run-many", title: "Run many at once", answer: "A.swift", status: .pass)
            report.checks = [check, CheckResult(name: "an error from fetch surfaces", status: .pass)]
            let json = ExercismResults(report)
            #expect(json.tests[0].message?.contains("set aside a run that failed") == true)
            #expect(json.tests[1].message == nil)
            #expect(GradeRecord(report, gradedAt: "2026-12-07T12:00:00Z").setAside == 1)
            report.checks[0].setAside = nil
            #expect(GradeRecord(report, gradedAt: "2026-12-07T12:00:00Z").setAside == nil)
        }
    }
}
