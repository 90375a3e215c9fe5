import Foundation
import LessonCore
import LessonRunner
import LessonSite
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension RealProcesses {
    /// The judge decides every verdict: answers that try to forge one, reach into the judge
    /// or change what code means fail or are refused, and one check's crash, hang or flood of
    /// output costs only that check. All against quiz 01, whose checks 0 and 1 never make
    /// `fetch` fail and whose checks 2 and 3 always do.
    @Suite struct QuizJudgeTests {
        static let quietChecks: Set<String> = [
            "pages come back in the order of the URLs", "downloads run at the same time",
        ]
        static let errorChecks: Set<String> = [
            "an error from fetch surfaces", "after an error, the other downloads are not awaited",
        ]

        /// Every check ran to a verdict of the judge (so the judge survived) and none passed.
        static func requireAllFailedByTheJudge(_ report: GradeReport) {
            #expect(report.status == .fail)
            #expect(report.checks.count == 4)
            for check in report.checks {
                #expect(check.status == .fail, "\(check.name): \(check.status) \(check.message)")
            }
        }

        @Test(
            "forged verdicts on every descriptor, in the process's memory or through the adapter pass nothing",
            arguments: ["tries-judge-memory.swift", "traces-and-signals-judge.swift", "speaks-for-the-adapter.swift"])
        func forgeriesPassNothing(_ fixture: String) async throws {
            let report = try await QuizSupport.gradeFixture("01", fixture, in: "forging")
            Self.requireAllFailedByTheJudge(report)
            let output = report.checks.flatMap(\.output)
            #expect(!output.contains { $0.hasPrefix("ALLOWED") && !$0.contains("its own memory") }, "\(output)")
            if fixture != "speaks-for-the-adapter.swift" {
                #expect(output.contains { $0.hasPrefix("BLOCKED") })
            }
        }

        @Test("the judge and the grader cannot be traced, read, stopped or killed by the answer")
        func judgeIsOutOfReach() async throws {
            let report = try await QuizSupport.gradeFixture("01", "traces-and-signals-judge.swift", in: "forging")
            let output = Set(report.checks.flatMap(\.output))
            var attempts = ["killing every process it may"]
            for who in ["the grader", "the judge"] {
                attempts += ["attaching to", "seizing", "reading", "signalling"].map { "\($0) \(who)" }
            }
            attempts += ["stopping the judge", "killing the judge", "killing the judge's process group"]
            for attempt in attempts {
                #expect(output.contains { $0.hasPrefix("BLOCKED \(attempt)") }, "\(attempt): \(output)")
            }
            let memory = try await QuizSupport.gradeFixture("01", "tries-judge-memory.swift", in: "forging")
            let lines = Set(memory.checks.flatMap(\.output))
            for attempt in [
                "learning the check from a command line", "reading the environment of a program",
                "reading the memory of a program", "writing the memory of a program",
                "writing on a program's descriptors", "reading the grader's memory", "writing the grader's memory",
                "writing on the grader's descriptors",
            ] {
                #expect(lines.contains { $0.hasPrefix("BLOCKED \(attempt)") }, "\(attempt): \(lines)")
            }
            #expect(!lines.contains { $0.hasPrefix("ALLOWED learning the check") })
        }

        @Test("the answer runs with no argument, in an empty directory, unprivileged, and still passes")
        func answerSeesNothingOfTheJudge() async throws {
            let report = try await QuizSupport.gradeFixture("01", "looks-around.swift", in: "reaching")
            #expect(report.status == .pass, "\(report.checks.map(\.message))")
            let output = report.checks[0].output
            // Only the program's own path: nothing says which check runs.
            #expect(output.contains { $0.hasPrefix("argv=[\"") && !$0.contains(",") })
            // Its environment: its directory, quiet crash reports and the allocator's arena
            // count under the memory limit. Nothing names the check or the seed.
            #expect(output.contains("env=[\"MALLOC_ARENA_MAX\", \"PWD\", \"SWIFT_BACKTRACE\"]"))
            #expect(output.contains("checks=not here"))
            // A world of its own: a fresh directory and /tmp it may write (the file is new each
            // time: O_EXCL), read-only everywhere else.
            for place in ["note", "/tmp/note", "/var/tmp/note", "/dev/shm/note"] {
                #expect(output.contains("write \(place): yes"), "\(output)")
            }
            for place in ["/etc/lesson-note", "/root/lesson-note"] {
                #expect(output.contains("write \(place): no"), "\(output)")
            }
            let place = try #require(output.first { $0.hasPrefix("cwd=") })
            #expect(place.hasPrefix("cwd=/tmp/") && place.contains(" entries=0 "))
            // Under root, a user of its own: the base plus its pid, a user no other process has.
            if getuid() == 0 {
                let uid = try #require(UInt32(place.split(separator: "=").last ?? ""))
                #expect(uid > Confinement.privateUserBase)
            }
        }

        @Test("nothing of the judge is in the answer's module: a cast to its types does not compile")
        func judgeTypesAreNotInTheAnswer() async throws {
            let report = try await QuizSupport.gradeFixture("01", "casts-to-the-world.swift", in: "reaching")
            #expect(report.status == .error && report.checks.isEmpty)
            #expect(report.message.contains("cannot find type 'Network' in scope"))
        }

        @Test("the grading process is not dumpable while it grades")
        func graderProtectsItself() async throws {
            _ = try await QuizSupport.grade("01", answer: try QuizSupport.quiz("01").starter)
            #expect(!GraderGuard.isDumpable)
        }

        @Test("printing a passing grade and exiting passes nothing")
        func printedVerdictsDoNotCount() async throws {
            let report = try await QuizSupport.gradeFixture("01", "prints-verdicts.swift", in: "channel")
            Self.requireAllFailedByTheJudge(report)
            for check in report.checks {
                #expect(check.message.contains("exited with status 0"), "\(check.message)")
            }
            #expect(report.checks.contains { $0.output.contains("pass\t0") })
        }

        @Test("lines written on the answer's descriptors pass nothing")
        func forgedReportLinesDoNotCount() async throws {
            let report = try await QuizSupport.gradeFixture("01", "writes-descriptor-3.swift", in: "channel")
            Self.requireAllFailedByTheJudge(report)
        }

        @Test(
            "answers that would change what code means are refused, with the place",
            arguments: [
                ("steals-secret.swift", "use '@section'", 7), ("exports-read.swift", "use '@_cdecl'", 3),
                ("shadows-write.swift", "declare 'write'", 17), ("regex-brace-write.swift", "declare 'write'", 14),
                ("interpolation-brace-read.swift", "declare 'read'", 13),
                ("inactive-if-write.swift", "declare 'write'", 15),
                ("extends-swift-array.swift", "extend a type they do not declare themselves (Array)", 11),
                ("extends-through-typealias.swift", "extend a type they do not declare themselves", 13),
                ("redefines-bool-and.swift", "extend a type they do not declare themselves (Bool)", 11),
                ("declares-operator.swift", "declare operators", 2),
                ("retroactive-conformance.swift", "extend a type they do not declare themselves (String)", 2),
            ])
        func policyRefuses(fixture: String, message: String, line: Int) async throws {
            let report = try await QuizSupport.gradeFixture("01", fixture, in: "policy")
            #expect(report.status == .error)
            #expect(report.checks.isEmpty)
            #expect(report.message.contains("\(fixture):\(line):"), "\(report.message)")
            #expect(report.message.contains("answers may not \(message)"), "\(report.message)")
        }

        @Test("an answer that calls the grading code by name is refused")
        func answersUseOnlyTheirOwnNames() async throws {
            // The kit is a library of its own that only the adapter imports: its names are
            // not in the answer's scope.
            let report = try await QuizSupport.gradeFixture("01", "uses-the-kit.swift", in: "policy")
            #expect(report.status == .error && report.checks.isEmpty)
            #expect(report.message.contains("uses-the-kit.swift:7:"), "\(report.message)")
            #expect(report.message.contains("cannot find 'JudgeLink' in scope"), "\(report.message)")
            // An answer that imports the kit compiles, but is refused before any check runs.
            let importing = try await QuizSupport.gradeFixture("01", "imports-the-kit.swift", in: "policy")
            #expect(importing.status == .error && importing.checks.isEmpty)
            #expect(importing.message.contains("uses names it does not declare itself"), "\(importing.message)")
        }

        @Test("shadowing a name the grading code does not use changes nothing: graded as usual")
        func harmlessShadowingIsGraded() async throws {
            let report = try await QuizSupport.gradeFixture("01", "shadows-kit.swift", in: "policy")
            #expect(
                QuizSupport.failing(report) == QuizSupport.judged(QuizGradingTests.starterFailures["01"], in: report))
        }

        @Test("a crash fails only the checks that crash, with the signal named")
        func crashKeepsOtherResults() async throws {
            let report = try await QuizSupport.gradeFixture("01", "crashes-on-error.swift", in: "channel")
            #expect(Set(report.checks.filter(\.passed).map(\.name)) == Self.quietChecks)
            for check in report.checks where Self.errorChecks.contains(check.name) {
                #expect(check.status == .fail)
                #expect(check.message.contains("crashed with SIGILL (a Swift runtime trap"), "\(check.message)")
            }
        }

        @Test("a hang fails only the checks that hang, after the timeout")
        func hangKeepsOtherResults() async throws {
            // When each check ended, on one clock; it began its own `seconds` earlier.
            let ended = Mutex<[String: Double]>([:])
            let report = try await QuizSupport.gradeFixture("01", "hangs-on-error.swift", in: "channel", timeout: 2) {
                check in
                let now = MonotonicClock.now()
                ended.withLock { $0[check.name] = now }
            }
            #expect(Set(report.checks.filter(\.passed).map(\.name)) == Self.quietChecks)
            for check in report.checks where Self.errorChecks.contains(check.name) {
                #expect(!check.passed)
                #expect(
                    ["did not finish within 2 s", "did not return within", "had still not thrown"].contains {
                        check.message.contains($0)
                    }, "\(check.message)")
            }
            // Checks run side by side: the two hung checks' runs overlap in time, by at least
            // half of the shorter run, which runs one after the other never do.
            let hung = report.checks.filter { Self.errorChecks.contains($0.name) }
            let spans = hung.compactMap { check in
                ended.withLock { $0[check.name] }.map { (start: $0 - check.seconds, end: $0) }
            }
            #expect(spans.count == 2)
            // A check set aside (held back by other processes) and run again reports its last
            // run, which began after the first: only two first runs can show the overlap.
            let rerun = hung.contains { !($0.setAside ?? []).isEmpty }
            if spans.count == 2, !rerun {
                let overlap = min(spans[0].end, spans[1].end) - max(spans[0].start, spans[1].start)
                #expect(overlap >= min(hung[0].seconds, hung[1].seconds) / 2, "\(spans)")
            }
        }

        @Test("a flood of output is cut short and fails only its own checks")
        func floodKeepsOtherResults() async throws {
            let report = try await QuizSupport.gradeFixture("01", "floods-on-error.swift", in: "channel", timeout: 2)
            #expect(Set(report.checks.filter(\.passed).map(\.name)) == Self.quietChecks)
            for check in report.checks where Self.errorChecks.contains(check.name) {
                #expect(!check.passed)
                #expect(check.output.last?.hasPrefix("[output cut short") == true)
            }
        }

        @Test("the same seed draws the same inputs, and a failure names its seed")
        func seedsReplay() async throws {
            let starter = try QuizSupport.quiz("02").starter
            let first = try await QuizSupport.grade("02", answer: starter, seed: 4242)
            let second = try await QuizSupport.grade("02", answer: starter, seed: 4242)
            #expect(first.seed == 4242)
            #expect(first.checks.map(\.message) == second.checks.map(\.message))
            let text = GradeTerminalReport(color: false).render(first)
            #expect(text.contains("lesson grade 02 --seed 4242"))
            let json = ExercismResults(first)
            #expect(json.tests.contains { $0.message?.contains("Seed: 4242") == true })
        }

        @Test("an answer that does not compile gets the error at its own file, line and column")
        func compileErrorPointsAtTheAnswer() async throws {
            let path = ".lesson/answers/01-run-many/Answer.swift"
            let answer = try QuizSupport.fixture("channel", "syntax-error.swift")
            let report = try await QuizSupport.grade("01", answer: answer, answerPath: path)
            #expect(report.status == .error)
            #expect(report.checks.isEmpty)
            #expect(report.message.hasPrefix("Your answer does not compile yet:"))
            #expect(report.message.contains("\(path):5:"))
            #expect(report.message.contains(": error: "))
            #expect(!report.message.contains(CompileFeedback.hiddenFile))
            let text = GradeTerminalReport(color: false).render(report)
            #expect(text.contains("\(path):5:") && text.contains("    let pages: [String] ="))
            let json = ExercismResults(report)
            #expect(json.status == "error" && json.tests.isEmpty && json.message == report.message)
        }

        @Test("an answer the adapter cannot use is told so without showing the adapter")
        func hiddenErrorsShowNoSource() async throws {
            let quiz = try QuizSupport.quiz("01")
            let answer = quiz.starter.replacingOccurrences(of: "func fetchAll(", with: "func fetchEverything(")
            let report = try await QuizSupport.grade("01", answer: answer)
            #expect(report.status == .error)
            #expect(report.message.contains("cannot find 'fetchAll' in scope"))
            #expect(report.message.contains("keep the names and signatures"))
            #expect(!report.message.contains("JudgeLink"))
        }
    }

    /// Where failed checks send the learner: every pointer names a lesson file and a heading
    /// anchor the site really renders.
    @Suite struct QuizLessonPointerTests {
        @Test("every check's lesson pointer resolves to a heading", arguments: QuizGradingTests.quizzes)
        func pointersResolve(_ number: String) throws {
            let judge = try QuizSupport.quiz(number).judge
            let pointers = judge.matches(of: /lesson: "([^"#]+)#([^"]+)"/).map { (String($0.1), String($0.2)) }
            #expect(pointers.count == judge.matches(of: /JudgeCheck\(/).count)
            for (file, anchor) in pointers {
                let path = "\(QuizSupport.root)/\(file)"
                let text = try #require(
                    try? String(contentsOfFile: path, encoding: .utf8), "\(file) does not exist")
                let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
                let document = LessonParser.document(text, path: file)
                let pages = LessonSite.render(lessons: [SiteLesson(stem: stem, document: document)], quizzes: [])
                let page = try #require(pages.first { $0.path == "\(stem).html" })
                #expect(page.contents.contains("id=\"\(anchor)\""), "\(file) has no heading #\(anchor)")
            }
        }

        @Test("the README's quiz order is each quiz after the last lesson its page builds on")
        func theReadmesQuizOrderIsTrue() throws {
            let readme = try String(contentsOfFile: "\(QuizSupport.root)/README.md", encoding: .utf8)
                .replacing("\n", with: " ").replacing("*", with: "")
            let order = readme.matches(of: /(\d\d) after (?:lesson )?(\d\d)/).map { (String($0.1), String($0.2)) }
            #expect(Set(order.map(\.0)) == Set(QuizGradingTests.quizzes), "\(order)")
            for (quiz, lesson) in order {
                let page = try QuizSupport.quiz(quiz).readme
                let linked = page.matches(of: /\((\d\d)-[a-z0-9-]+\.html/).map { String($0.1) }
                #expect(linked.max() == lesson, "quiz \(quiz) links lessons \(Set(linked).sorted())")
            }
            // The quizzes are numbered in the order their lessons teach them.
            let byQuiz = order.sorted { $0.0 < $1.0 }.map(\.1)
            #expect(byQuiz == byQuiz.sorted(), "\(order)")
        }
    }
}
