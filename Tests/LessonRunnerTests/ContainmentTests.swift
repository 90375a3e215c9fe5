import Foundation
import LessonCore
import LessonRunner
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Everything a run starts ends with it, however it leaves: a new session with the runner's
/// environment cleared, a double fork, a process that ignores SIGTERM. Proven with real
/// processes under each containment mechanism, while a process the run did not start lives on.
extension RealProcesses {
    @Suite struct ContainmentTests {
        /// The pids of running (not zombie) processes whose command line holds `word`.
        static func running(withArgument word: String) -> [pid_t] {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            return entries.compactMap { entry -> pid_t? in
                guard let pid = pid_t(entry),
                    let command = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"),
                    command.split(separator: 0).contains(where: { String(decoding: $0, as: UTF8.self) == word }),
                    !isZombie(pid)
                else { return nil }
                return pid
            }
        }

        /// A shell script that leaves three processes behind in three ways, says `ready`, and
        /// exits once its standard input closes. Each leftover sleeps a unique number of
        /// seconds, so it is found by its argument alone.
        static func leaver(_ tag: Int) -> (script: String, arguments: [String]) {
            let arguments = (1...3).map { "78\($0).\(tag)" }
            let script = """
                env -u LESSON_RUNNER_PID setsid sleep \(arguments[0]) &
                ( ( exec sleep \(arguments[1]) ) & ) &
                ( trap '' TERM HUP INT; exec setsid sleep \(arguments[2]) ) &
                sleep 0.05
                echo ready
                read line || true
                """
            return (script, arguments)
        }

        @Test(arguments: [Containment.pidNamespace, .subreaper])
        func everythingARunStartsEndsWithIt(containment: Containment) async throws {
            let bystander = Process()
            bystander.executableURL = URL(fileURLWithPath: "/bin/sleep")
            let bystanderArgument = "779.\(getpid())\(containment.rawValue)"
            bystander.arguments = [bystanderArgument]
            try bystander.run()
            // SIGKILL: a child started with `Process` inherits the starting thread's blocked signals.
            defer { kill(bystander.processIdentifier, SIGKILL) }

            let (script, arguments) = Self.leaver(Int(getpid()) * 10 + containment.rawValue)
            let input = try PipePair()
            var process = Subprocess(executable: "/bin/sh", arguments: ["-c", script])
            process.standardOutput = .pipe
            process.containment = containment
            process.inheritedDescriptors = [0: input.read]
            process.onStart = { _ in input.closeRead() }
            let seen = SeenLeftovers()
            process.lineObserver = { line in
                guard line.text == "ready" else { return }
                // All three were started (the script waits for them to be forked first).
                var tries = 0
                // Until all three are seen (the bound, 2 minutes, only ends a run where they never are).
                while tries < 24000, arguments.contains(where: { Self.running(withArgument: $0).isEmpty }) {
                    usleep(5000)
                    tries += 1
                }
                seen.record(arguments.flatMap { Self.running(withArgument: $0) })
                input.closeWrite()
            }
            let result = try await process.run()
            #expect(result.exitCode == 0)
            #expect(result.lines.map(\.text) == ["ready"])
            let leftovers = seen.pids
            #expect(leftovers.count == 3, "the script's three leftovers were running during the run")
            for pid in leftovers { #expect(kill(pid, 0) != 0, "leftover \(pid) outlived the run") }
            for argument in arguments { #expect(Self.running(withArgument: argument).isEmpty) }
            #expect(bystander.isRunning)
            #expect(Self.running(withArgument: bystanderArgument) == [bystander.processIdentifier])
        }

        @Test func aPIDNamespaceHoldsWhenAskedForAsRoot() async throws {
            // As root a namespace can always be made: the child is the second process of its
            // own namespace (its supervisor the first); under the subreaper it keeps its id.
            guard geteuid() == 0 else { return }
            func ownID(_ containment: Containment) async throws -> String? {
                var process = Subprocess(executable: "/bin/sh", arguments: ["-c", "echo $$"])
                process.standardOutput = .pipe
                process.containment = containment
                return try await process.run().lines.first?.text
            }
            #expect(try await ownID(.pidNamespace) == "2")
            #expect(try await ownID(.subreaper) != "2")
        }

        @Test(arguments: [Containment.pidNamespace, .subreaper])
        func cancellingARunEndsEverythingItStarted(containment: Containment) async throws {
            let (script, arguments) = Self.leaver(Int(getpid()) * 10 + 5 + containment.rawValue)
            var process = Subprocess(executable: "/bin/sh", arguments: ["-c", script + "\nsleep 600"])
            process.standardOutput = .pipe
            process.containment = containment
            let ready = AsyncStream<Void>.makeStream()
            process.lineObserver = { line in if line.text == "ready" { ready.continuation.yield() } }
            let run = Task { try await process.run() }
            for await _ in ready.stream { break }
            var leftovers: [pid_t] = []
            // Until all three are seen (the bound only ends a run where they never are).
            for _ in 0..<24000 where leftovers.count < 3 {
                leftovers = arguments.flatMap { Self.running(withArgument: $0) }
                try await Task.sleep(for: .milliseconds(5))
            }
            #expect(leftovers.count == 3)
            run.cancel()
            let result = try await run.value
            #expect(result.signal == SIGKILL)
            for pid in leftovers { #expect(kill(pid, 0) != 0, "leftover \(pid) outlived the cancelled run") }
        }
    }
}

/// The leftovers a line observer saw, handed to the test.
private final class SeenLeftovers: Sendable {
    private let state = Mutex<[pid_t]>([])
    func record(_ pids: [pid_t]) { state.withLock { $0 = pids } }
    var pids: [pid_t] { state.withLock { $0 } }
}
