import Foundation
import LessonCore
import LessonRunner
import Testing

extension RealProcesses {
    /// When a child counts as ended.
    @Suite struct SubprocessExitTests {
        @Test func theExitIsSeenWhileAnotherProcessStillHoldsTheStreams() async throws {
            // The background loop keeps stdout and stderr open after the shell exits, until the
            // test makes a file, which it does only once `run` has returned: a runner that
            // waited for the streams to close would return only when the loop gives up (after
            // 60 s) and prints "gave up". Proven by order, not by how fast the machine is.
            let mark = NSTemporaryDirectory() + "lesson-held-\(UUID().uuidString)"
            defer { unlink(mark) }
            let script = """
                (i=0; while [ ! -e '\(mark)' ] && [ $i -lt 6000 ]; do sleep 0.01; i=$((i+1)); done; \
                [ -e '\(mark)' ] || echo "gave up") & echo exited; exit 0
                """
            var process = Subprocess(executable: "/bin/sh", arguments: ["-c", script])
            process.standardOutput = .pipe
            process.timeout = 300
            let run = try await process.run()
            #expect(FileManager.default.createFile(atPath: mark, contents: Data()))
            #expect(run.exitCode == 0)
            #expect(run.lines.map(\.text) == ["exited"], "\(run.lines)")
        }
    }
}
