import Foundation
import LessonCore
import LessonRunner
import LoopbackTestSupport
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Snippets that misbehave on purpose: the runner must end each one plainly, keep what it
/// printed, stay within its memory and leave no process behind.
extension RealProcesses {
    @Suite struct HostileSnippetTests {
        @Test func misbehavingSnippetsAreContained() async throws {
            let (_, report) = try await Fixtures.run("hostile.md")

            let loop = try #require(report["loop"]?.run)
            #expect(loop.timedOut)
            #expect(loop.elapsed >= 1.0)  // stopped by its 1 s timeout, never before it

            let flood = try #require(report["flood"])
            #expect(flood.failedKinds == ["limits"])
            let kept = flood.run?.lines.reduce(0) { $0 + $1.text.utf8.count } ?? 0
            #expect(kept <= RunOptions().outputLimit)
            #expect((flood.run?.truncatedBytes[.stdout] ?? 0) > 40_000_000)

            let longLine = try #require(report["longline"]?.run)
            #expect(longLine.lines.first?.text.utf8.count == RunOptions().outputLimit)
            #expect(report["longline"]?.failedKinds == ["limits"])

            let trap = try #require(report["trap"])
            #expect(trap.status == .pass)
            #expect(trap.run?.lines(of: .stdout).map(\.text) == ["before the trap"])
            #expect(trap.run?.text(of: .stderr).contains("Fatal error: Index out of range") == true)

            let ignoring = try #require(report["ignore-term"]?.run)
            #expect(ignoring.timedOut)
            #expect(ignoring.signal == SIGKILL)
            #expect(ignoring.lines.map(\.text) == ["ignoring TERM"])

            // Empty lines cost their newline: an endless stream of them is capped too.
            let empties = try #require(report["empty-lines"]?.run)
            #expect(empties.lines.count <= OutputMatcher.alignmentLimit)
            #expect((empties.truncatedBytes[.stdout] ?? 0) > 0)

            #expect(report["stdin"]?.status == .pass)
            #expect(report["badutf8"]?.status == .pass)

            // The orphan's `sleep 1000` (its own process group) must be gone.
            let orphan = try #require(report["orphan"]?.run?.lines.first?.text)
            let pid = try #require(Int32(orphan.split(separator: " ").last ?? ""))
            #expect(kill(pid, 0) != 0)
        }

        @Test func linesAreStampedWhenPrintedNotAtExit() async throws {
            let (_, report) = try await Fixtures.run(
                "passing.md",
                options: {
                    var options = RunOptions()
                    options.snippetID = "timed"
                    return options
                }())
            let run = try #require(report["timed"]?.run)
            let lines = run.lines
            #expect(lines.count == 2)
            #expect(lines[1].t >= 0.4)
            // Stamped at exit, both lines would carry the same moment. Stamped when printed,
            // they are the snippet's 0.4 s sleep apart, less at most what the machine held
            // the run back (the runner's own measure of that).
            let held = run.heldBack?.seconds ?? 0
            #expect(lines[1].t - lines[0].t >= 0.4 - held - 0.05, "\(lines.map(\.t)), held back \(held) s")
        }

        @Test func cancellingARunKillsItsProcessGroup() async throws {
            // The script says when it runs (its pid in a file); the test cancels only then.
            let directory = try Probe.makeDirectory(mode: 0o755)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let started = "\(directory)/started"
            let script = Subprocess(
                executable: "/bin/sh", arguments: ["-c", "sleep 30 & echo $! > '\(started)'; sleep 30; echo never"])
            let task = Task { try await script.run() }
            var background: pid_t?
            #expect(
                await eventually {
                    background = (try? String(contentsOfFile: started, encoding: .utf8)).flatMap {
                        pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines))
                    }
                    return background != nil
                })
            task.cancel()
            let result = try await task.value
            // Killed, not run to its end; the background `sleep` of its group went with it.
            #expect(result.signal == SIGKILL)
            let pid = try #require(background)
            #expect(await eventually { kill(pid, 0) != 0 })
            #expect(!result.lines.contains { $0.text == "never" })
        }

        @Test func stdoutAndStderrAreReadConcurrently() async throws {
            // 256 KiB to each stream: a runner reading one pipe at a time would deadlock.
            let script = "head -c 262144 /dev/zero | tr '\\0' e >&2; head -c 262144 /dev/zero | tr '\\0' o"
            var process = Subprocess(executable: "/bin/sh", arguments: ["-c", script])
            process.standardOutput = .pipe
            process.timeout = 10
            let result = try await process.run()
            #expect(!result.timedOut)
            #expect(result.text(of: .stderr).utf8.count == 262_144)
            #expect(result.text(of: .stdout).utf8.count == 262_144)
        }

        @Test func aMissingProgramIsAToolError() async throws {
            await #expect(throws: SubprocessError.self) {
                try await Subprocess(executable: "/nonexistent/program").run()
            }
        }
    }
}
