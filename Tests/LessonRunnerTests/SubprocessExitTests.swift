import LessonCore
import LessonRunner
import Testing

extension RealProcesses {
    /// When a child counts as ended.
    @Suite struct SubprocessExitTests {
        /// The shortest of three runs' elapsed times of `script`.
        private func fastest(_ script: String) async throws -> Double {
            var best = Double.infinity
            for _ in 0..<3 {
                var process = Subprocess(executable: "/bin/sh", arguments: ["-c", script])
                process.standardOutput = .pipe
                best = min(best, try await process.run().elapsed)
            }
            return best
        }

        @Test func theExitIsSeenAtOnceEvenWhileAnotherProcessHoldsTheStreams() async throws {
            // The background `sleep` keeps stdout and stderr open after the shell exits; the
            // exit must still be seen when it happens, not at the next look for it.
            let plain = try await fastest("exit 0")
            let held = try await fastest("sleep 1 & exit 0")
            #expect(held < plain + 0.012, "plain \(plain) s, streams held \(held) s")
        }
    }
}
