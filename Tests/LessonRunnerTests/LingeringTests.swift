import Foundation
import LessonCore
import LessonRunner
import TestSupport
import Testing

/// A run still alive a second after its last line says where its threads were.
extension RealProcesses {
    @Suite struct LingeringTests {
        @Test func aProcessSleepingAfterItsLastLineIsSampledInItsSleep() async throws {
            var process = Subprocess(executable: "/bin/sh", arguments: ["-c", "echo last; exec sleep 2.5"])
            process.standardOutput = .pipe
            process.samplesLingering = true
            let result = try await process.run()
            let lingered = try #require(result.lingered)
            #expect(lingered.seconds >= 2.4)
            let thread = try #require(lingered.threads.first)
            #expect(lingered.threads.count == 1)
            #expect(thread.name == "sleep")
            #expect(thread.syscall?.contains("nanosleep") == true, "\(thread)")
            #expect(thread.state == "S")
            #expect(lingered.summary(stopped: false).contains("1 thread was in clock_nanosleep"))
        }

        @Test func aSnippetThatSleepsAfterItsLastLineReportsItInJSONAndOnTheTerminal() async throws {
            let (_, report) = try await Fixtures.run("lingering.md")
            let snippet = try #require(report["lingers"])
            #expect(snippet.status == .pass)
            let lingered = try #require(snippet.run?.lingered)
            #expect(lingered.seconds >= 2.4)
            #expect(lingered.threads.contains { $0.syscall?.contains("nanosleep") == true }, "\(lingered.threads)")
            let json = String(decoding: try JSONEncoder().encode(try #require(snippet.run)), as: UTF8.self)
            #expect(json.contains("\"lingered\":{"))
            let decoded = try JSONDecoder().decode(RunResult.self, from: Data(json.utf8))
            #expect(decoded.lingered == lingered)
            let text = TerminalReport(color: false).snippet(snippet)
            #expect(text.contains("after its last line;") && text.contains("clock_nanosleep"), "\(text)")
        }

        @Test func aTimedOutProcessIsSampledBeforeItIsStopped() async throws {
            var process = Subprocess(executable: "/bin/sh", arguments: ["-c", "echo waiting; exec sleep 30"])
            process.standardOutput = .pipe
            process.samplesLingering = true
            process.timeout = 0.5
            let result = try await process.run()
            #expect(result.timedOut)
            let lingered = try #require(result.lingered)
            #expect(lingered.threads.map(\.name) == ["sleep"])
            #expect(lingered.summary(stopped: true).hasPrefix("was stopped at its timeout"))
        }

        @Test func aRecordWithoutTheFieldStillDecodes() throws {
            let old = #"{"lines":[],"exitCode":0,"signal":null,"elapsed":0.1,"timedOut":false,"truncated":{}}"#
            let decoded = try JSONDecoder().decode(RunResult.self, from: Data(old.utf8))
            #expect(decoded.lingered == nil)
            #expect(decoded.exitCode == 0)
        }
    }
}
