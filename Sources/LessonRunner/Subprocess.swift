import Foundation
import Glibc
import LessonCore
import Synchronization

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
    /// Wall time after which the child's process group is sent SIGTERM, then SIGKILL.
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
    /// More descriptors for the child: the key is the descriptor number in the child, the
    /// value a descriptor of this process that is duplicated into place there. The caller
    /// keeps its own and closes it once the child has started (in `onStart`), so that, say,
    /// the reader of a `PipePair` sees end-of-file when the child holding the write end
    /// dies. Key 0 replaces standard
    /// input (`/dev/null` otherwise); keys 1 and 2, 3 with `reportChannel` and 4 with
    /// `secretInput` are refused with `SubprocessError.invalidConfiguration`. No other
    /// descriptor of this process reaches the child.
    package var inheritedDescriptors: [Int32: Int32] = [:]
    /// When set, the child is confined as `Confinement` describes (an empty directory of its
    /// own, no new privileges, an unprivileged user when `lesson` is root, a seccomp filter
    /// against tracing and signalling other processes). Setting `workingDirectory` too is
    /// refused with `SubprocessError.invalidConfiguration`.
    package var confinement: Confinement? = nil
    /// How the run is contained (see `Containment`): everything the child starts ends when
    /// it ends. The subreaper by default, which keeps the child's view of process ids; a PID
    /// namespace when asked and the machine allows it (else the subreaper).
    package var containment: Containment = .subreaper
    /// When true, a child still alive a second after its last output line (or its start),
    /// or stopped at its timeout, has its threads sampled (`LingerSample`); the sample is
    /// `RunResult.lingered` when it then did not print again.
    package var samplesLingering: Bool = false
    /// When set, the child's `TMPDIR` is a folder of its own made inside this one, removed
    /// with everything in it once the run has ended (`PrivateTemporaryDirectory`).
    package var privateTemporaryDirectory: String? = nil
    /// Called once with the child's pid as soon as it has started, before any of its output
    /// is read, on the thread that runs it: the place to close the caller's copies of the
    /// descriptors it handed over in `inheritedDescriptors`. Not called when the child
    /// cannot be started (then `run` throws).
    package var onStart: (@Sendable (_ pid: Int32) -> Void)? = nil
    /// Called once when the run has ended and every process of it was reaped, with the pid
    /// `onStart` was given and the CPU seconds the run's processes took in all (user and
    /// system, every thread and every process it started; nil when that cannot be known).
    package var onEnd: (@Sendable (_ pid: Int32, _ cpu: Double?) -> Void)? = nil
    /// Called with each output line as soon as it is stamped, on the thread that runs the
    /// child (a line left without a newline at exit comes when the run ends).
    package var lineObserver: (@Sendable (OutputLine) -> Void)? = nil

    /// A child that runs `executable` with `arguments` and the defaults above.
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
    /// part of the result. Cancelling the calling task ends the run (the child and everything
    /// it started) at once.
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
        try checkDescriptors()
        if confinement != nil, workingDirectory != nil {
            throw SubprocessError.invalidConfiguration("a confined child starts in its own empty directory")
        }
        let user = confinement?.user
        let sandbox = try confinement.map { _ throws(SubprocessError) in try ConfinedDirectory(owner: user) }
        defer { sandbox?.remove() }
        let temporary = try privateTemporaryDirectory.map { parent throws(SubprocessError) in
            try PrivateTemporaryDirectory(in: parent)
        }
        defer { temporary?.remove() }
        let controlGroup = try confinement?.controlGroup.map { group throws(SubprocessError) in
            try ControlGroupRun(group)
        }
        defer { controlGroup?.finish() }
        // Creating the channels and spawning happen under the registry's lock, so no other
        // thread's child can inherit a terminal descriptor in the moment before it is marked
        // close-on-exec, and an interrupt ends either none or all of the start.
        let started = try ProcessRegistry.shared.spawning {
            let channels = try ChildChannels(
                standardOutput: standardOutput, report: reportChannel, secret: secretInput)
            var environment = environment ?? ProcessInfo.processInfo.environment
            if let sandbox { environment["PWD"] = sandbox.path }
            if let temporary { environment["TMPDIR"] = temporary.path }
            if confinement?.systemView == true, let sandbox {
                // Nothing of this process's setting reaches a learner's run: a few neutral
                // names, and a home and temporary folder that are its own.
                environment = environment.filter { Confinement.keptEnvironment($0.key) }
                environment["HOME"] = sandbox.path
                environment["TMPDIR"] = "/tmp"
            }
            if confinement?.memoryLimit != nil, environment["MALLOC_ARENA_MAX"] == nil {
                // One malloc arena per thread reserves 64 MiB of address space each; on a
                // machine with many cores that alone would reach the limit.
                environment["MALLOC_ARENA_MAX"] = String(Confinement.mallocArenas)
            }
            let launch = Platform.Launch(
                executable: executable, arguments: arguments,
                environment: environment.map { "\($0.key)=\($0.value)" },
                descriptors: channels.childDescriptors.merging(inheritedDescriptors) { own, _ in own },
                directory: sandbox?.path ?? workingDirectory, user: user, sandbox: confinement,
                cgroups: controlGroup?.procsFiles ?? [])
            var start = MonotonicClock.now()
            do {
                let spawned = try Platform.spawn(launch, containment: containment)
                // A confined child's clock starts once its confinement is in place (spawn
                // returns when it executes the program): namespaces, a root of its own and a
                // control group are the runner's work, not time the program took.
                if confinement != nil { start = MonotonicClock.now() }
                ProcessRegistry.shared.add(spawned.supervisor)
                channels.closeChildEnds()
                return (channels, spawned, start)
            } catch {
                channels.closeAll()
                throw error
            }
        }
        let (channels, spawned, start) = started
        var supervisor = Supervisor(spawned)
        defer { supervisor.end() }
        control.attach(spawned)
        onStart?(spawned.child ?? spawned.supervisor)

        var collector = OutputCollector(start: start, limit: outputLimit)
        var observed = 0
        var lifecycle = ChildLifecycle(start: start, timeout: timeout, grace: terminationGrace)
        // A nil stream is the report channel on descriptor 3.
        var readers: [(fd: Int32, stream: StreamName?)] = [
            (channels.stdoutRead, .stdout), (channels.stderrRead, .stderr),
        ]
        if let reportRead = channels.reportRead { readers.append((reportRead, nil)) }
        var buffer = [UInt8](repeating: 0, count: 65536)
        // When the child last printed, and where its threads were once it lingered after that.
        var lastOutput = start
        var lingering: [LingeringThread]? = nil

        while true {
            let now = MonotonicClock.now()
            let exitStatus = lifecycle.isAlive ? supervisor.exitStatus() : nil
            let wasRunning = lifecycle.phase == .running
            if samplesLingering, wasRunning, exitStatus == nil, lingering == nil, now - lastOutput >= 1,
                let child = spawned.child
            {
                lingering = LingerSample.threads(of: child, stacks: false)
            }
            let actions = lifecycle.advance(
                now: now, exitStatus: exitStatus, cancelled: control.isCancelled, streamsOpen: !readers.isEmpty)
            if samplesLingering, wasRunning, lifecycle.timedOut, let child = spawned.child {
                // Stopped at its timeout: the stacks too, since it ends now anyway.
                lingering = LingerSample.threads(of: child, stacks: true)
            }
            for action in actions {
                switch action {
                case .signalGroup(let signal): supervisor.signal(signal)
                case .endTree: supervisor.end()
                }
            }
            if lifecycle.isFinished { break }
            var fds = readers.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            // While the child runs, its exit (the supervisor's message) wakes the wait too.
            let watching = lifecycle.isAlive ? supervisor.events : nil
            if let watching { fds.append(pollfd(fd: watching, events: Int16(POLLIN), revents: 0)) }
            let timeout = lifecycle.pollTimeout(now: now, streamsOpen: !readers.isEmpty, exitWatched: watching != nil)
            let ready = poll(&fds, nfds_t(fds.count), timeout)
            if ready < 0, errno != EINTR {
                // The streams cannot be watched: stop reading and let the lifecycle end it.
                readers.removeAll()
                continue
            }
            if ready <= 0 { continue }
            let readAt = MonotonicClock.now()
            var closed: [Int32] = []
            for entry in fds where entry.revents != 0 && entry.fd != watching {
                let stream = readers.first { $0.fd == entry.fd }!.stream
                let count = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
                if count > 0, let stream {
                    collector.append(buffer[0..<count], stream: stream, at: readAt)
                    if lifecycle.isAlive {
                        lastOutput = readAt
                        lingering = nil
                    }
                    if let lineObserver { for line in collector.lines[observed...] { lineObserver(line) } }
                    observed = collector.lines.count
                } else if count > 0 {
                    collector.appendReport(buffer[0..<count])
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    closed.append(entry.fd)
                }
            }
            readers.removeAll { closed.contains($0.fd) }
        }
        guard case .finished(let raw, let exitTime) = lifecycle.phase else { preconditionFailure("loop ends finished") }
        channels.closeParentEnds()
        supervisor.end()
        onEnd?(spawned.child ?? spawned.supervisor, supervisor.cpu)
        ProcessRegistry.shared.holdIfStopping()
        let unfinished = lineObserver == nil ? [] : collector.lines
        collector.finish()
        if let lineObserver {
            var seen = Dictionary(unfinished.map { ($0, 1) }, uniquingKeysWith: +)
            for line in collector.lines {
                if let count = seen[line], count > 0 { seen[line] = count - 1 } else { lineObserver(line) }
            }
        }
        let signaled = (raw & 0x7f) != 0 && (raw & 0x7f) != 0x7f
        var result = RunResult(
            lines: collector.lines,
            exitCode: signaled ? nil : (raw >> 8) & 0xff,
            signal: signaled ? raw & 0x7f : nil,
            elapsed: exitTime - start,
            timedOut: lifecycle.timedOut,
            truncatedBytes: collector.dropped
        )
        if reportChannel { result.reportOutput = String(decoding: collector.report, as: UTF8.self) }
        if let lingering { result.lingered = Lingered(seconds: exitTime - lastOutput, threads: lingering) }
        result.confinementLimit = controlGroup?.finish()
        return result
    }

    /// Throws when an inherited descriptor would take the place of one the runner sets up.
    private func checkDescriptors() throws(SubprocessError) {
        var reserved: Set<Int32> = [1, 2]
        if reportChannel { reserved.insert(3) }
        if secretInput != nil { reserved.insert(4) }
        for (target, source) in inheritedDescriptors {
            guard target >= 0, source >= 0 else {
                throw SubprocessError.invalidConfiguration("descriptor \(source) → \(target) is negative")
            }
            guard !reserved.contains(target) else {
                throw SubprocessError.invalidConfiguration("descriptor \(target) of the child is already in use")
            }
        }
    }
}

/// Why a process could not be started.
package enum SubprocessError: Error, CustomStringConvertible {
    /// The program could not be spawned (missing, not executable, or the system refused).
    case cannotStart(String, String)
    /// A pipe or terminal for the child's output could not be created.
    case cannotCreateChannel(String)
    /// The child's working directory could not be made or handed over.
    case cannotPrepare(String)
    /// The `Subprocess` value asks for something impossible (say, two uses of a descriptor).
    case invalidConfiguration(String)

    package var description: String {
        switch self {
        case .cannotStart(let path, let reason): "cannot start \(path): \(reason)"
        case .cannotCreateChannel(let reason): "cannot create a channel to the child: \(reason)"
        case .cannotPrepare(let reason): "cannot prepare the child's directory: \(reason)"
        case .invalidConfiguration(let reason): "invalid process configuration: \(reason)"
        }
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
