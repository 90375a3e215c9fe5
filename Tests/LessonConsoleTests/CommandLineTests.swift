import Foundation
import LessonCore
import LessonRunner
import LoopbackTestSupport
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Every suite of this target runs the `lesson` binary, so all nest in here: one at a time, and
/// never beside another target's (see `OneTargetAtATime`).
@Suite(.serialized, .oneTargetAtATime) struct RealProcesses {}

/// The fixtures of this target.
extension Fixtures {
    /// `Tests/LessonConsoleTests/Fixtures`.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures").path
}

/// The `lesson` executable as a user runs it: exit codes, diagnostics, JSON, interrupts.
extension RealProcesses {
    @Suite struct CommandLineTests {
        struct Outcome {
            var status: Int32
            var stdout: String
            var stderr: String
        }

        /// Runs `lesson` with a private state directory and no colour.
        func lesson(_ arguments: [String], state: String, in directory: String = Fixtures.root) async throws -> Outcome
        {
            var process = Subprocess(executable: Fixtures.binary, arguments: arguments)
            process.standardOutput = .pipe
            process.timeout = 120
            process.outputLimit = 8 << 20
            var environment = ProcessInfo.processInfo.environment
            environment["LESSON_STATE_DIR"] = state
            environment["NO_COLOR"] = "1"
            process.environment = environment
            process.workingDirectory = directory
            let result = try await process.run()
            return Outcome(
                status: result.exitCode ?? -1, stdout: result.text(of: .stdout), stderr: result.text(of: .stderr))
        }

        func stateDirectory() -> String {
            let path = NSTemporaryDirectory() + "lesson-cli-\(UUID().uuidString)"
            try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            return path
        }

        @Test func initWritesAWorkshopThatPassesAndGradesItsSolution() async throws {
            let state = stateDirectory()
            let workshop = stateDirectory() + "/new"
            let created = try await lesson(["init", workshop], state: state)
            #expect(created.status == 0, "\(created.stderr)")
            let run = try await lesson(["--workshop", workshop, "run", "--all"], state: state)
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            #expect(run.stdout.contains("3 snippets: 3 passed"))
            let solution = "\(workshop)/Quizzes/01-add-together/Solution.swift"
            let graded = try await lesson(["grade", "01", solution, "--workshop=\(workshop)"], state: state)
            #expect(graded.status == 0, "\(graded.stdout)\(graded.stderr)")
            let starter = try await lesson(
                ["grade", "01", "\(workshop)/Quizzes/01-add-together/Starter.swift"], state: state, in: workshop)
            #expect(starter.status == 1)
            // Found by walking up from a subdirectory, and listed with its last run.
            let listed = try await lesson(["list"], state: state, in: "\(workshop)/Quizzes")
            #expect(listed.stdout.contains("01-first-steps  First steps  3 snippets: 3 passed"))
            let again = try await lesson(["init", workshop], state: state)
            #expect(again.status == 2)
            #expect(again.stderr.contains("already has"))
        }

        @Test func aLessonOutsideTheWorkshopRunsButIsNeverRecorded() async throws {
            let state = stateDirectory()
            let elsewhere = stateDirectory()
            try "```swift\nprint(\"hi\")\n```\n\n```output\nhi\n```\n".write(
                toFile: "\(elsewhere)/01-hello.md", atomically: true, encoding: .utf8)
            let run = try await lesson(["run", "\(elsewhere)/01-hello.md"], state: state)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("(not recorded: "))
            let records = (try? FileManager.default.subpathsOfDirectory(atPath: "\(state)/runs")) ?? []
            #expect(records.filter { $0.hasSuffix(".json") }.isEmpty)
            let outside = try await lesson(["list"], state: state, in: elsewhere)
            #expect(outside.status == 2)
            #expect(outside.stderr.contains("lesson init DIR"))
        }

        @Test func helpNamesOneCommand() async throws {
            let help = try await lesson(["help", "run"], state: stateDirectory())
            #expect(help.status == 0)
            #expect(help.stdout.hasPrefix("usage: lesson run "))
        }

        @Test func malformedLessonExitsTwoWithEveryProblem() async throws {
            let outcome = try await lesson(
                ["run", "Tests/LessonConsoleTests/Fixtures/malformed.md"], state: stateDirectory())
            #expect(outcome.status == 2)
            #expect(
                outcome.stderr.contains(
                    "Tests/LessonConsoleTests/Fixtures/malformed.md:7:10: error: unknown snippet attribute 'frobnicate'"
                )
            )
            #expect(outcome.stderr.contains("malformed.md:35:1: error: this code fence is never closed"))
            #expect(outcome.stderr.contains("12 problems found"))
        }

        @Test func usageErrorsExitTwo() async throws {
            let state = stateDirectory()
            #expect(try await lesson(["run"], state: state).status == 2)
            #expect(try await lesson(["run", "99"], state: state).stderr.contains("no lesson '99'"))
            #expect(try await lesson(["run", "04", "--repeat", "0"], state: state).status == 2)
            #expect(try await lesson(["frobnicate"], state: state).status == 2)
        }

        @Test func aBusyDemoPortIsAToolFailureThatNamesThePort() async throws {
            // A port this process listens on, so the demo cannot bind it.
            let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            try #require(listener >= 0)
            defer { close(listener) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                    bind(listener, pointer, length) == 0 && listen(listener, 1) == 0
                        && getsockname(listener, pointer, &length) == 0
                }
            }
            try #require(bound)
            let port = Int(UInt16(bigEndian: address.sin_port))
            let outcome = try await lesson(["demo", "server", "--port", "\(port)"], state: stateDirectory())
            #expect(outcome.status == 3)
            let errors = outcome.stderr.split(separator: "\n").filter { $0.hasPrefix("lesson: error:") }
            #expect(errors.count == 1)
            #expect(errors.first?.contains("port \(port)") == true, "\(outcome.stderr)")
            // Bad usage stays 2, with the usage line.
            let usage = try await lesson(["demo", "server", "--delay", "soon"], state: stateDirectory())
            #expect(usage.status == 2)
            #expect(usage.stderr.contains("--delay expects seconds"))
        }

        @Test func failingLessonExitsOneAndJSONFollowsTheContract() async throws {
            let outcome = try await lesson(
                ["run", "Tests/LessonRunnerTests/Fixtures/failing.md", "--json", "--snippet", "late"],
                state: stateDirectory())
            #expect(outcome.status == 1)
            let document = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
            let lessons = try #require(document?["lessons"] as? [[String: Any]])
            let snippet = try #require((lessons.first?["snippets"] as? [[String: Any]])?.first)
            #expect(snippet["id"] as? String == "late")
            #expect(snippet["status"] as? String == "fail")
            #expect(snippet["line"] as? Int == 11)
            let run = try #require(snippet["run"] as? [String: Any])
            #expect(run["exitCode"] as? Int == 0)
            #expect(run.keys.contains("signal"))
            #expect(run["timedOut"] as? Bool == false)
            let line = try #require((run["lines"] as? [[String: Any]])?.first)
            #expect(line["stream"] as? String == "stdout")
            #expect((line["t"] as? Double ?? 0) > 0.5)
            let compile = try #require(snippet["compile"] as? [String: Any])
            #expect(compile["cached"] is Bool)
            let checks = try #require(snippet["checks"] as? [[String: Any]])
            #expect(checks.contains { $0["kind"] as? String == "timing" && $0["pass"] as? Bool == false })
            #expect((document?["summary"] as? [String: Any])?["failed"] as? Int == 1)
        }

        @Test func theLastLinesOfAFailedRunNameEachFailedSnippet() async throws {
            let outcome = try await lesson(
                ["run", "Tests/LessonRunnerTests/Fixtures/failing.md", "--snippet", "late"], state: stateDirectory())
            #expect(outcome.status == 1)
            let last = outcome.stdout.split(separator: "\n").suffix(2).map(String.init)
            #expect(last.first == "  failed: Tests/LessonRunnerTests/Fixtures/failing.md:11 late")
            #expect(last.last?.hasPrefix("FAILED: 1 snippet: 0 passed, 1 failed") == true)
        }

        @Test func anUnwritableStateDirectoryIsAToolFailure() async throws {
            let outcome = try await lesson(
                ["run", "Tests/LessonRunnerTests/Fixtures/passing.md"], state: "/dev/full/state")
            #expect(outcome.status == 3)
            #expect(outcome.stderr.contains("cannot create /dev/full/state"))
        }

        @Test func aClosedOutputPipeStopsTheRun() async throws {
            // `head -n 2` exits after two lines; the next write fails and `lesson` must stop
            // there. Going on would run interrupt.md's snippet into its 30 s timeout.
            var shell = Subprocess(
                executable: "/bin/sh",
                arguments: [
                    "-c",
                    "{ '\(Fixtures.binary)' run Tests/LessonRunnerTests/Fixtures/passing.md "
                        + "Tests/LessonConsoleTests/Fixtures/interrupt.md; echo \"lesson ended: $?\" >&2; } "
                        + "| head -n 2; echo done",
                ])
            shell.standardOutput = .pipe
            shell.workingDirectory = Fixtures.root
            shell.timeout = 120
            var environment = ProcessInfo.processInfo.environment
            environment["LESSON_STATE_DIR"] = stateDirectory()
            shell.environment = environment
            let result = try await shell.run()
            #expect(result.lines(of: .stdout).map(\.text).count == 3)
            #expect(result.text(of: .stdout).hasSuffix("done"))
            // It ended on the failed write (141, as a shell reports SIGPIPE), not after running
            // interrupt.md into its timeout, however long the compiles took.
            #expect(result.text(of: .stderr).contains("lesson ended: 141"), "\(result.text(of: .stderr))")
        }

        @Test func colourOnlyOnATerminalAndNeverWithNoColor() async throws {
            func output(terminal: Bool, noColor: Bool) async throws -> String {
                var process = Subprocess(
                    executable: Fixtures.binary,
                    arguments: ["run", "Tests/LessonRunnerTests/Fixtures/passing.md", "--snippet", "literal"])
                process.standardOutput = terminal ? .terminal : .pipe
                process.workingDirectory = Fixtures.root
                var environment = ProcessInfo.processInfo.environment
                environment["LESSON_STATE_DIR"] = stateDirectory()
                environment["NO_COLOR"] = noColor ? "1" : nil
                process.environment = environment
                return try await process.run().text(of: .stdout)
            }
            // Colour is an SGR sequence, ESC [ digits m; erasing a status line is not colour.
            func hasColour(_ text: String) -> Bool {
                text.split(separator: "\u{1B}").dropFirst().contains { sequence in
                    sequence.hasPrefix("[") && sequence.dropFirst().prefix { $0.isNumber || $0 == ";" }.count > 0
                        && sequence.dropFirst().drop { $0.isNumber || $0 == ";" }.first == "m"
                }
            }
            #expect(try await hasColour(output(terminal: true, noColor: false)))
            #expect(try await !hasColour(output(terminal: true, noColor: true)))
            let piped = try await output(terminal: false, noColor: false)
            #expect(!piped.contains("\u{1B}"))
        }

        @Test func blessRewritesOnlyTheOutputBlocks() async throws {
            let state = stateDirectory()
            let path = "\(state)/bless.md"
            let original = """
                # Bless me

                Prose stays.\u{20}\u{20}

                ```swift id=greet
                import Foundation
                print("hello")
                try await Task.sleep(for: .milliseconds(300))
                print("done \\(42)")
                ```

                ```output
                [0.0s] hello
                [0.9s] done {int}
                stale line
                ```

                Trailing text.
                """
            try original.write(toFile: path, atomically: true, encoding: .utf8)
            let blessed = try await lesson(["bless", path], state: state)
            #expect(blessed.status == 0, "\(blessed.stderr)")
            let text = try String(contentsOfFile: path, encoding: .utf8)
            // The stamps are the measured ones: "done" never before its 0.3 s sleep, and any
            // stamp later on a machine that held the run back; the rest of the file is kept.
            func stamps(_ text: String) -> [Double] {
                text.split(separator: "\n").filter { $0.hasPrefix("[") && $0.contains("s] ") }
                    .compactMap { Double($0.dropFirst().prefix { $0 != "s" }) }
            }
            func unstamped(_ text: String) -> String {
                text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                    line.hasPrefix("[") && line.contains("s] ") ? "[T]" + line.drop { $0 != "]" }.dropFirst() : line
                }.joined(separator: "\n")
            }
            #expect(
                unstamped(text)
                    == unstamped(
                        original.replacingOccurrences(
                            of: "[0.9s] done {int}\nstale line\n", with: "[0.3s] done {int}\n")),
                "\(text)")
            #expect(stamps(text).count == 2 && stamps(text)[1] >= 0.3, "\(stamps(text))")
            #expect(try await lesson(["run", path], state: state).status == 0)
        }
    }
}
