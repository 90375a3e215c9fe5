import Foundation
import LessonCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// How one child process is started and bounded. A value: build it, then `run` it.
package struct Subprocess: Sendable {
    /// Where the child's standard output goes.
    package enum StandardOutput: Sendable {
        /// A pseudo-terminal, so the C library line-buffers `print` and each line is stamped
        /// when it is printed.
        case terminal
        /// A plain pipe (for tools like `swiftc` whose buffering does not matter).
        case pipe
    }

    /// Absolute path of the program.
    package var executable: String
    /// Arguments after the program name.
    package var arguments: [String] = []
    /// The child's environment; nil inherits this process's.
    package var environment: [String: String]? = nil
    /// The child's working directory; nil inherits this process's.
    package var workingDirectory: String? = nil
    /// Where standard output goes. Standard error is always a pipe; standard input is at EOF.
    package var standardOutput: StandardOutput = .terminal
    /// Wall time after which the whole process group is sent SIGTERM, then SIGKILL.
    package var timeout: Double = 30
    /// Time between SIGTERM and SIGKILL once the timeout is hit.
    package var terminationGrace: Double = 1
    /// Bytes kept per stream; the rest is read and counted but dropped.
    package var outputLimit: Int = 1 << 20
    /// When true, the child gets a pipe on file descriptor 3 whose bytes are collected into
    /// `RunResult.reportOutput` (up to `outputLimit`): a channel apart from stdout and stderr.
    package var reportChannel: Bool = false
    /// When set, the child's file descriptor 4 reads these bytes and then end-of-file.
    package var secretInput: [UInt8]? = nil
    /// Called with each output line as soon as it is stamped (a line cut by the cap or left
    /// without a newline at exit is reported when it is complete); on the reading thread.
    package var lineObserver: (@Sendable (OutputLine) -> Void)? = nil

    package init(executable: String, arguments: [String] = []) {
        self.executable = executable
        self.arguments = arguments
    }

    /// A program built from a snippet or an answer. A crash prints the runtime's one-line
    /// reason; the runtime's full backtrace would bury it, so it is turned off.
    package static func compiledSwift(_ executable: String, arguments: [String] = []) -> Subprocess {
        var process = Subprocess(executable: executable, arguments: arguments)
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        return process
    }

    /// Runs the process to completion on a dedicated thread and returns what happened.
    /// Throws only when the process cannot be started; exit codes, signals and timeouts are
    /// part of the result. Cancelling the calling task kills the process group at once.
    package func run() async throws -> RunResult {
        let control = RunControl()
        let spec = self
        let outcome: Result<RunResult, any Error> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let thread = Thread {
                    continuation.resume(
                        returning: Result { () throws in
                            try spec.runBlocking(control: control)
                        })
                }
                thread.stackSize = 1 << 20
                thread.start()
            }
        } onCancel: {
            control.cancel()
        }
        return try outcome.get()
    }

    /// Runs the process on the calling thread.
    package func runBlocking(control: RunControl = RunControl()) throws -> RunResult {
        Orphans.adopt
        // Creating the channels and spawning happen under one lock, so no other thread's child
        // can inherit a terminal descriptor in the moment before it is marked close-on-exec.
        let started = spawnLock.withLock { _ in
            Result { () throws -> (OutputChannels, pid_t, Double) in
                let pipes = try OutputChannels(
                    standardOutput: standardOutput, report: reportChannel, secret: secretInput)
                let start = MonotonicClock.now()
                do {
                    let pid = try spawn(pipes: pipes)
                    // Registered before the lock is released, so `Orphans.endAll` (run under
                    // the same lock) never takes a sibling run's fresh child for an orphan.
                    ProcessRegistry.shared.add(pid)
                    pipes.closeChildEnds()
                    return (pipes, pid, start)
                } catch {
                    pipes.closeAll()
                    throw error
                }
            }
        }
        let (pipes, pid, start) = try started.get()
        defer { ProcessRegistry.shared.remove(pid) }
        control.attach(pid)

        var collector = OutputCollector(start: start, limit: outputLimit, observer: lineObserver)
        // A nil stream is the report channel on descriptor 3.
        var readers: [(fd: Int32, stream: StreamName?)] = [
            (pipes.stdoutRead, .stdout), (pipes.stderrRead, .stderr),
        ]
        if let reportRead = pipes.reportRead { readers.append((reportRead, nil)) }
        var report: [UInt8] = []
        var status: Int32? = nil
        var exitTime = start
        var timedOut = false
        var killAt: Double? = nil
        var drainUntil: Double? = nil
        var buffer = [UInt8](repeating: 0, count: 65536)

        while true {
            let now = MonotonicClock.now()
            if status == nil, let exited = reap(pid) {
                status = exited
                exitTime = now
                // Whatever the snippet left running goes with it: its group, and any
                // process that left the group (now this process's child, as subreaper).
                kill(-pid, SIGKILL)
                spawnLock.withLock { _ in Orphans.endAll() }
                drainUntil = now + 0.5
            }
            if status != nil, readers.isEmpty { break }
            if let until = drainUntil, now >= until { break }
            if status == nil {
                if !timedOut, now - start >= timeout || control.isCancelled {
                    timedOut = !control.isCancelled
                    kill(-pid, control.isCancelled ? SIGKILL : SIGTERM)
                    killAt = now + terminationGrace
                } else if let at = killAt, now >= at {
                    kill(-pid, SIGKILL)
                    killAt = nil
                }
            }
            // Poll often once the streams are closed, so the exit time is precise.
            var wait = readers.isEmpty ? 1.0 : 25.0
            if status == nil, !timedOut { wait = min(wait, max(0, (start + timeout - now) * 1000)) }
            if let at = killAt { wait = min(wait, max(0, (at - now) * 1000)) }
            var fds = readers.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(wait.rounded(.up)))
            if ready < 0, errno != EINTR { break }
            if ready <= 0 { continue }
            let readAt = MonotonicClock.now()
            var closed: [Int32] = []
            for entry in fds where entry.revents != 0 {
                let stream = readers.first { $0.fd == entry.fd }!.stream
                let count = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
                if count > 0, let stream {
                    collector.append(buffer[0..<count], stream: stream, at: readAt)
                } else if count > 0 {
                    report.append(contentsOf: buffer[0..<min(count, max(0, outputLimit - report.count))])
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    closed.append(entry.fd)
                }
            }
            readers.removeAll { closed.contains($0.fd) }
        }
        if status == nil {
            // The drain window ended with the process still alive: make sure it is gone.
            kill(-pid, SIGKILL)
            var raw: Int32 = 0
            waitpid(pid, &raw, 0)
            status = raw
            exitTime = MonotonicClock.now()
        }
        pipes.closeParentEnds()
        ProcessRegistry.shared.remove(pid)
        spawnLock.withLock { _ in Orphans.endAll() }
        collector.finish()
        let raw = status ?? 0
        let signaled = (raw & 0x7f) != 0 && (raw & 0x7f) != 0x7f
        var result = RunResult(
            lines: collector.lines,
            exitCode: signaled ? nil : (raw >> 8) & 0xff,
            signal: signaled ? raw & 0x7f : nil,
            elapsed: exitTime - start,
            timedOut: timedOut,
            truncatedBytes: collector.dropped
        )
        if reportChannel { result.reportOutput = String(decoding: report, as: UTF8.self) }
        return result
    }

    /// Returns the raw wait status once the child has exited, nil while it runs.
    private func reap(_ pid: pid_t) -> Int32? {
        var raw: Int32 = 0
        let result = waitpid(pid, &raw, WNOHANG)
        // Reaped by someone else: its status is lost; report it as killed rather than wait
        // for it forever.
        if result == -1, errno == ECHILD { return SIGKILL }
        return result == pid ? raw : nil
    }

    private func spawn(pipes: OutputChannels) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipes.stdoutWrite, 1)
        posix_spawn_file_actions_adddup2(&actions, pipes.stderrWrite, 2)
        if let reportWrite = pipes.reportWrite {
            posix_spawn_file_actions_adddup2(&actions, reportWrite, 3)
        }
        if let secretRead = pipes.secretRead {
            posix_spawn_file_actions_adddup2(&actions, secretRead, 4)
        }
        if let directory = workingDirectory {
            Hidden.addChdir(&actions, directory)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A process group of its own, so a timeout or Ctrl-C can end the snippet and
        // everything it started; default signal handling and an empty mask.
        let flags = POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        posix_spawnattr_setflags(&attributes, Int16(flags))
        posix_spawnattr_setpgroup(&attributes, 0)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGCHLD, SIGHUP] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        let argv = [executable] + arguments
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let result = withCStrings(argv) { argvPointers in
            withCStrings(env) { envPointers in
                posix_spawn(&pid, executable, &actions, &attributes, argvPointers, envPointers)
            }
        }
        guard result == 0 else {
            throw SubprocessError.cannotStart(executable, String(cString: strerror(result)))
        }
        return pid
    }
}

private let spawnLock = Mutex<Void>(())

/// Why a process could not be started.
package enum SubprocessError: Error, CustomStringConvertible {
    /// The program could not be spawned (missing, not executable, or the system refused).
    case cannotStart(String, String)
    /// A pipe or terminal for the child's output could not be created.
    case cannotCreateChannel(String)

    package var description: String {
        switch self {
        case .cannotStart(let path, let reason): "cannot start \(path): \(reason)"
        case .cannotCreateChannel(let reason): "cannot create an output channel: \(reason)"
        }
    }
}

/// Lets another task cancel a running process: it records the pid and kills its group.
package final class RunControl: Sendable {
    private let state = Mutex<(pid: pid_t?, cancelled: Bool)>((nil, false))

    package init() {}

    /// Kills the process group now, or as soon as the process exists.
    package func cancel() {
        let pid = state.withLock { state in
            state.cancelled = true
            return state.pid
        }
        if let pid { kill(-pid, SIGKILL) }
    }

    /// True once `cancel()` was called.
    package var isCancelled: Bool { state.withLock { $0.cancelled } }

    fileprivate func attach(_ pid: pid_t) {
        let cancelled = state.withLock { state in
            state.pid = pid
            return state.cancelled
        }
        if cancelled { kill(-pid, SIGKILL) }
    }
}

/// The pipes (or terminal) that carry a child's output, both ends.
private struct OutputChannels {
    var stdoutRead: Int32
    var stdoutWrite: Int32
    var stderrRead: Int32
    var stderrWrite: Int32
    /// The report channel (child's descriptor 3), when asked for.
    var reportRead: Int32? = nil
    var reportWrite: Int32? = nil
    /// The secret input (child's descriptor 4), already written and closed on our side.
    var secretRead: Int32? = nil

    init(standardOutput: Subprocess.StandardOutput, report: Bool, secret: [UInt8]?) throws {
        var errPipe: [Int32] = [-1, -1]
        guard Hidden.pipe2(&errPipe, O_CLOEXEC) == 0 else {
            throw SubprocessError.cannotCreateChannel(String(cString: strerror(errno)))
        }
        stderrRead = errPipe[0]
        stderrWrite = errPipe[1]
        switch standardOutput {
        case .pipe:
            var outPipe: [Int32] = [-1, -1]
            guard Hidden.pipe2(&outPipe, O_CLOEXEC) == 0 else {
                close(errPipe[0])
                close(errPipe[1])
                throw SubprocessError.cannotCreateChannel(String(cString: strerror(errno)))
            }
            stdoutRead = outPipe[0]
            stdoutWrite = outPipe[1]
        case .terminal:
            guard let (primary, secondary) = PseudoTerminal.open() else {
                close(errPipe[0])
                close(errPipe[1])
                throw SubprocessError.cannotCreateChannel("no pseudo-terminal: \(String(cString: strerror(errno)))")
            }
            stdoutRead = primary
            stdoutWrite = secondary
        }
        do {
            if report {
                let (read, write) = try Self.highPipe()
                reportRead = read
                reportWrite = write
            }
            if let secret {
                let (read, write) = try Self.highPipe()
                secretRead = read
                // Small enough to fit the pipe's buffer, so this never blocks.
                _ = secret.withUnsafeBytes { Glibc.write(write, $0.baseAddress, $0.count) }
                close(write)
            }
        } catch {
            closeAll()
            throw error
        }
    }

    /// A close-on-exec pipe whose ends sit above descriptor 10, so duplicating them onto
    /// descriptors 3 and 4 in the child always clears close-on-exec.
    private static func highPipe() throws -> (Int32, Int32) {
        var fds: [Int32] = [-1, -1]
        guard Hidden.pipe2(&fds, O_CLOEXEC) == 0 else {
            throw SubprocessError.cannotCreateChannel(String(cString: strerror(errno)))
        }
        let read = fcntl(fds[0], F_DUPFD_CLOEXEC, 10)
        let write = fcntl(fds[1], F_DUPFD_CLOEXEC, 10)
        close(fds[0])
        close(fds[1])
        guard read >= 0, write >= 0 else {
            if read >= 0 { close(read) }
            if write >= 0 { close(write) }
            throw SubprocessError.cannotCreateChannel(String(cString: strerror(errno)))
        }
        return (read, write)
    }

    func closeChildEnds() {
        close(stdoutWrite)
        close(stderrWrite)
        if let reportWrite { close(reportWrite) }
        if let secretRead { close(secretRead) }
    }

    func closeParentEnds() {
        close(stdoutRead)
        close(stderrRead)
        if let reportRead { close(reportRead) }
    }

    func closeAll() {
        closeChildEnds()
        closeParentEnds()
    }
}

/// glibc functions the Swift overlay does not declare (they sit behind feature macros),
/// looked up once by name.
private enum Hidden {
    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32
    private typealias AddChdir =
        @convention(c) (
            UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?
        ) -> Int32

    private static func symbol(_ name: String) -> UnsafeMutableRawPointer? {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), name)
    }

    /// `pipe2(2)`: a pipe whose ends are close-on-exec from the start.
    static func pipe2(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32 {
        guard let function = symbol("pipe2") else { return -1 }
        return unsafeBitCast(function, to: Pipe2.self)(fds, flags)
    }

    /// `posix_spawn_file_actions_addchdir_np`: the child starts in `directory`.
    static func addChdir(
        _ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ directory: String
    ) {
        guard let function = symbol("posix_spawn_file_actions_addchdir_np") else { return }
        _ = unsafeBitCast(function, to: AddChdir.self)(actions, directory)
    }
}

/// Opens pseudo-terminals in raw mode (no echo, no newline translation).
private enum PseudoTerminal {
    private typealias OpenPTY =
        @convention(c) (
            UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<CChar>?,
            UnsafeRawPointer?, UnsafeRawPointer?
        ) -> Int32

    /// Returns (primary, secondary) file descriptors, both close-on-exec.
    static func open() -> (Int32, Int32)? {
        // glibc declares openpty only under feature macros the Swift overlay does not set.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "openpty") else {
            return nil
        }
        let openpty = unsafeBitCast(symbol, to: OpenPTY.self)
        var primary: Int32 = -1
        var secondary: Int32 = -1
        guard openpty(&primary, &secondary, nil, nil, nil) == 0 else { return nil }
        var settings = termios()
        tcgetattr(secondary, &settings)
        cfmakeraw(&settings)
        tcsetattr(secondary, TCSANOW, &settings)
        _ = fcntl(primary, F_SETFD, FD_CLOEXEC)
        _ = fcntl(secondary, F_SETFD, FD_CLOEXEC)
        return (primary, secondary)
    }
}

/// Splits incoming bytes into stamped lines, keeping at most `limit` bytes per stream.
private struct OutputCollector {
    let start: Double
    /// Bytes kept per stream; each line's newline counts too, so empty lines are bounded.
    let limit: Int
    /// Lines kept per stream.
    let lineLimit = OutputMatcher.alignmentLimit
    var lines: [OutputLine] = []
    var dropped: [StreamName: Int] = [:]
    private var partial: [StreamName: (bytes: [UInt8], t: Double)] = [:]
    private var kept: [StreamName: Int] = [:]
    private var keptLines: [StreamName: Int] = [:]

    let observer: (@Sendable (OutputLine) -> Void)?

    init(start: Double, limit: Int, observer: (@Sendable (OutputLine) -> Void)? = nil) {
        self.start = start
        self.limit = limit
        self.observer = observer
    }

    mutating func append(_ chunk: ArraySlice<UInt8>, stream: StreamName, at time: Double) {
        var rest = chunk[...]
        while !rest.isEmpty {
            if partial[stream] == nil { partial[stream] = ([], time - start) }
            let newline = rest.firstIndex(of: 10)
            let piece = rest[rest.startIndex..<(newline ?? rest.endIndex)]
            let room = max(0, limit - kept[stream, default: 0])
            let keep = keptLines[stream, default: 0] < lineLimit ? min(room, piece.count) : 0
            partial[stream]!.bytes.append(contentsOf: piece.prefix(keep))
            kept[stream, default: 0] += keep
            if keep < piece.count { dropped[stream, default: 0] += piece.count - keep }
            guard let newline else { break }
            flush(stream, terminated: true)
            rest = rest[(newline + 1)...]
        }
    }

    mutating func finish() {
        for stream in [StreamName.stdout, .stderr] where partial[stream] != nil {
            flush(stream, terminated: false)
        }
        // By first-byte time; lines stamped in the same read keep their order.
        lines = lines.enumerated().sorted { ($0.element.t, $0.offset) < ($1.element.t, $1.offset) }.map(\.element)
    }

    private mutating func flush(_ stream: StreamName, terminated: Bool) {
        guard let line = partial.removeValue(forKey: stream) else { return }
        let full = kept[stream, default: 0] >= limit || keptLines[stream, default: 0] >= lineLimit
        // Past the cap a line is dropped whole (its bytes were counted as they came).
        if full, line.bytes.isEmpty {
            if terminated { dropped[stream, default: 0] += 1 }
            return
        }
        if terminated { kept[stream] = min(limit, kept[stream, default: 0] + 1) }
        keptLines[stream, default: 0] += 1
        lines.append(OutputLine(t: line.t, stream: stream, text: String(decoding: line.bytes, as: UTF8.self)))
        observer?(lines[lines.count - 1])
    }
}

/// Seconds on the monotonic clock.
package enum MonotonicClock {
    /// The current monotonic time in seconds.
    package static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}

/// Calls `body` with a NULL-terminated C array of the strings.
private func withCStrings<R>(
    _ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R
) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for pointer in pointers { free(pointer) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
