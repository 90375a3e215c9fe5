import Foundation
import LessonRunner
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Ctrl-C at any moment of a command ends it with 130, leaves no process and no unfinished
/// cache entry. `lesson` is started here with `Foundation.Process`, outside any run's
/// containment, so that what it leaves behind would still be there to be found; its
/// processes are told apart by an environment entry of their own.
extension RealProcesses {
    @Suite struct InterruptTests {
        /// Processes (not zombies) whose environment holds `entry`.
        static func processes(withEnvironmentEntry entry: String) -> [pid_t] {
            let wanted = Data(entry.utf8)
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            return entries.compactMap { name -> pid_t? in
                guard let pid = pid_t(name),
                    let environment = FileManager.default.contents(atPath: "/proc/\(name)/environ"),
                    environment.split(separator: 0).contains(wanted),
                    !isZombie(pid)
                else { return nil }
                return pid
            }
        }

        struct Ending {
            var status: Int32
            var bySignal: Bool
            var stderr: String
            var leftovers: [pid_t]
            var scratch: [String]
        }

        /// Starts `lesson arguments`, sends SIGINT once `ready` says so (given the pid), and
        /// reports how it ended and what it left.
        static func interrupt(
            _ arguments: [String], state: String, tag: String, ready: @Sendable (pid_t) async throws -> Void
        ) async throws -> Ending {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Fixtures.binary)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: Fixtures.root)
            var environment = ProcessInfo.processInfo.environment
            environment["LESSON_STATE_DIR"] = state
            environment["LESSON_INTERRUPT_TEST"] = tag
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            let errors = Pipe()
            process.standardError = errors
            let ended = AsyncStream<Void>.makeStream()
            process.terminationHandler = { _ in ended.continuation.yield() }
            try process.run()
            let pid = process.processIdentifier
            try await ready(pid)
            kill(pid, SIGINT)
            for await _ in ended.stream { break }
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let leftovers = processes(withEnvironmentEntry: "LESSON_INTERRUPT_TEST=\(tag)")
            for pid in leftovers { kill(pid, SIGKILL) }
            let scratch = ((try? FileManager.default.contentsOfDirectory(atPath: "\(state)/cache")) ?? [])
                .filter { $0.hasPrefix("tmp-") }
            return Ending(
                status: process.terminationStatus, bySignal: process.terminationReason == .uncaughtSignal,
                stderr: stderr, leftovers: leftovers, scratch: scratch)
        }

        func stateDirectory() -> String {
            let path = NSTemporaryDirectory() + "lesson-interrupt-\(UUID().uuidString)"
            try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            return path
        }

        @Test func interruptLeavesNoProcessesAndNoScratch() async throws {
            // The snippet starts a `sleep` in a session of its own with the runner's marker
            // cleared; Ctrl-C comes once it runs.
            let tag = UUID().uuidString
            let ending = try await Self.interrupt(
                ["run", "Tests/LessonConsoleTests/Fixtures/interrupt.md"], state: stateDirectory(), tag: tag
            ) { _ in
                let sleeper = "LESSON_INTERRUPT_TEST=\(tag)"
                for _ in 0..<1200 {
                    let sleeps = Self.processes(withEnvironmentEntry: sleeper).filter {
                        (try? String(contentsOfFile: "/proc/\($0)/comm", encoding: .utf8)) == "sleep\n"
                    }
                    if !sleeps.isEmpty { return }
                    try await Task.sleep(for: .milliseconds(50))
                }
                Issue.record("the snippet's sleep never started")
            }
            #expect(ending.status == 130 && !ending.bySignal)
            #expect(ending.stderr.contains("interrupted"))
            #expect(ending.leftovers.isEmpty, "left behind: \(ending.leftovers)")
            #expect(ending.scratch.isEmpty)
        }

        /// `run`, `grade`, `site` and `serve`, each interrupted at ten moments spread over its
        /// first 200 ms (while it starts, compiles, runs or renders): every one ends with 130
        /// (or, interrupted before `lesson` ran its first statement, by SIGINT itself, having
        /// started nothing), and none leaves a process or an unfinished cache entry.
        @Test(arguments: [
            ["run", "Tests/LessonConsoleTests/Fixtures/interrupt.md"],
            ["grade", "01", "Quizzes/01-run-many/Solution.swift"],
            ["site", "--no-run", "--out", "SITE"],
            ["serve", "--port", "0"],
        ])
        func anInterruptInTheFirst200msIsNeverLost(command: [String]) async throws {
            let state = stateDirectory()
            let arguments = command.map { $0 == "SITE" ? "\(state)/site" : $0 }
            for step in 0..<10 {
                let delay = 10 + 20 * step
                let ending = try await Self.interrupt(arguments, state: state, tag: UUID().uuidString) { _ in
                    try await Task.sleep(for: .milliseconds(delay))
                }
                let ended = ending.bySignal ? "by signal \(ending.status)" : "exit \(ending.status)"
                #expect(ending.bySignal ? ending.status == SIGINT : ending.status == 130, "\(delay) ms: \(ended)")
                #expect(ending.leftovers.isEmpty, "\(delay) ms: left behind \(ending.leftovers)")
                #expect(ending.scratch.isEmpty, "\(delay) ms: unfinished cache entries \(ending.scratch)")
            }
        }
    }
}
