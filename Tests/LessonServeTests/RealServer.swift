import Foundation
import LessonCore
import LessonRunner
import LessonServe
import Synchronization
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A real `lesson serve` child, started with `Subprocess` so that this test process counts it
/// among the children it started: any run's end kills every other child of this process as an
/// orphan, and other suites' runs end while this server serves.
final class RealServer: Sendable {
    /// The server's pid.
    let pid: pid_t
    /// What it printed up to its first newline (empty when it ended first).
    let printed: String
    private let run: Task<RunResult, any Error>
    private let ended: Outcome

    /// How the child ended, once it has.
    private final class Outcome: Sendable {
        let value = Mutex<Result<RunResult, any Error>?>(nil)
    }

    private init(pid: pid_t, printed: String, run: Task<RunResult, any Error>, ended: Outcome) {
        self.pid = pid
        self.printed = printed
        self.run = run
        self.ended = ended
    }

    /// Starts `lesson ARGUMENTS` in `root` with the fixture token and waits for its first line.
    static func launch(
        in root: String, arguments: [String] = ["serve", "--port", "0"], environment extra: [String: String] = [:]
    ) async throws -> RealServer {
        var process = Subprocess(executable: Fixtures.binary, arguments: arguments)
        process.standardOutput = .pipe
        process.workingDirectory = root
        process.timeout = 600
        var environment = ProcessInfo.processInfo.environment
        environment["LESSON_SERVE_TOKEN"] = ServeFixture.token.text
        environment["NO_COLOR"] = "1"
        environment.merge(extra) { $1 }
        process.environment = environment
        let first = FirstLine()
        process.onStart = { pid in first.started(pid) }
        process.lineObserver = { line in if line.stream == .stdout { first.see(line.text) } }
        let spec = process
        let ended = Outcome()
        let run = Task {
            let result: Result<RunResult, any Error>
            do {
                result = .success(try await spec.run())
            } catch {
                result = .failure(error)
            }
            ended.value.withLock { $0 = result }
            first.see("")
            return try result.get()
        }
        let (pid, printed) = await first.wait()
        if pid == 0 { _ = try await run.value }  // it could not start: throws why
        return RealServer(pid: pid, printed: printed, run: run, ended: ended)
    }

    /// The port in the printed address `http://HOST:PORT/`, if it is there.
    func port(host: String) -> Int? {
        printed.range(of: "http://\(host):").flatMap { Int(printed[$0.upperBound...].prefix { $0.isNumber }) }
    }

    /// Whether it still runs, or how it ended and what it wrote to standard error.
    var state: String {
        switch ended.value.withLock({ $0 }) {
        case nil: "running"
        case .failure(let error)?: "not started: \(error)"
        case .success(let result)?:
            "ended (exit \(result.exitCode.map(String.init) ?? "-"), signal \(result.signal.map(String.init) ?? "-")): "
                + result.text(of: .stderr)
        }
    }

    /// Sends SIGINT (again every 0.25 s: one sent while the handler is being armed can be
    /// lost) until the server ends, for up to 2 minutes (a bound only a hang comes near); its
    /// result, nil when it did not end.
    func interrupt() async -> RunResult? {
        for _ in 0..<480 where ended.value.withLock({ $0 == nil }) {
            Glibc.kill(pid, SIGINT)
            try? await Task.sleep(for: .milliseconds(250))
        }
        guard ended.value.withLock({ $0 != nil }) else { return nil }
        return try? await run.value
    }

    /// Kills its process group at once if it still runs.
    func kill() {
        run.cancel()
    }
}

/// The pid and first standard-output line of a starting child, handed to one waiter.
private final class FirstLine: Sendable {
    private let state = Mutex<(pid: pid_t, line: String?, waiter: CheckedContinuation<(pid_t, String), Never>?)>(
        (0, nil, nil))

    func started(_ pid: pid_t) {
        state.withLock { $0.pid = pid }
    }

    func see(_ line: String) {
        let resume = state.withLock { state -> (CheckedContinuation<(pid_t, String), Never>, pid_t)? in
            guard state.line == nil else { return nil }
            state.line = line
            defer { state.waiter = nil }
            return state.waiter.map { ($0, state.pid) }
        }
        if let (waiter, pid) = resume { waiter.resume(returning: (pid, line)) }
    }

    func wait() async -> (pid_t, String) {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> (pid_t, String)? in
                if let line = state.line { return (state.pid, line) }
                state.waiter = continuation
                return nil
            }
            if let now { continuation.resume(returning: now) }
        }
    }
}
