import CLessonPlatform
import Foundation
import Glibc

/// A close-on-exec pipe: both ends belong to the caller, who closes them. Handing an end to
/// a child (`Subprocess.inheritedDescriptors`) duplicates it into place there; the caller
/// closes its own copy once the child has started.
package struct PipePair: Sendable, Hashable {
    /// The end to read from.
    package let read: Int32
    /// The end to write to.
    package let write: Int32

    /// Creates the pipe; throws `SubprocessError.cannotCreateChannel` when the system refuses.
    package init() throws(SubprocessError) {
        (read, write) = try Platform.pipe()
    }

    /// Closes the read end.
    package func closeRead() { _ = Platform.close(read) }

    /// Closes the write end.
    package func closeWrite() { _ = Platform.close(write) }

    /// Closes both ends.
    package func close() {
        closeRead()
        closeWrite()
    }
}

/// Every system call of the runner that is not plain POSIX, and the two ways it starts a
/// child, in one place. Linux only (namespaces, seccomp, Landlock, `/proc`).
enum Platform {
    /// What a child is started with. `descriptors` maps a descriptor number in the child to
    /// a descriptor of this process; nothing else stays open across exec. Descriptor 0 is
    /// `/dev/null` unless the map sets it.
    struct Launch {
        var executable: String
        var arguments: [String]
        var environment: [String]
        var descriptors: [Int32: Int32]
        var directory: String?
        /// The user and group to run as (only when this process is root), or nil.
        var user: (uid: UInt32, gid: UInt32)?
        /// When set: no-new-privileges, the seccomp filter of `clesson_sandbox_install` and
        /// the confinement's limits.
        var sandbox: Confinement?
        /// Control files (`cgroup.procs`) the child writes its pid to before anything else.
        var cgroups: [String] = []
    }

    /// True when this process runs with the effective user id 0.
    static var isRoot: Bool { geteuid() == 0 }

    /// A pipe whose ends are close-on-exec from the start.
    static func pipe() throws(SubprocessError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard clesson_pipe2(&fds, O_CLOEXEC) == 0 else {
            throw SubprocessError.cannotCreateChannel(lastError())
        }
        return (fds[0], fds[1])
    }

    /// A pseudo-terminal in raw mode (no echo, no newline translation): (primary,
    /// secondary), both close-on-exec.
    static func openTerminal() throws(SubprocessError) -> (primary: Int32, secondary: Int32) {
        var primary: Int32 = -1
        var secondary: Int32 = -1
        guard clesson_openpty(&primary, &secondary) == 0 else {
            throw SubprocessError.cannotCreateChannel("no pseudo-terminal: \(lastError())")
        }
        var settings = termios()
        tcgetattr(secondary, &settings)
        cfmakeraw(&settings)
        tcsetattr(secondary, TCSANOW, &settings)
        _ = fcntl(primary, F_SETFD, FD_CLOEXEC)
        _ = fcntl(secondary, F_SETFD, FD_CLOEXEC)
        return (primary, secondary)
    }

    /// True when the seccomp filter of confined children works on this system.
    static var sandboxSupported: Bool { clesson_sandbox_supported() != 0 }

    /// True while this process is dumpable (`PR_GET_DUMPABLE`).
    static var isDumpable: Bool { clesson_is_dumpable() != 0 }

    /// Closes a descriptor.
    static func close(_ fd: Int32) -> Int32 {
        Glibc.close(fd)
    }

    /// Writes all of `bytes` (retrying short writes); returns false on an error.
    @discardableResult
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { buffer in
                Glibc.write(fd, buffer.baseAddress, buffer.count)
            }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { return false }
            offset += count
        }
        return true
    }

    /// The children of `pid` (`/proc/PID/task/PID/children`; a supervisor has one thread).
    static func children(of pid: pid_t) -> [pid_t] {
        let text = ProcFS.read("/proc/\(pid)/task/\(pid)/children") ?? ""
        return text.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { pid_t($0) }
    }

    /// Whether process `pid` has exited: it is a zombie waiting to be reaped, or gone.
    static func hasExited(_ pid: pid_t) -> Bool {
        let fd = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return true }
        defer { _ = close(fd) }
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0, let paren = buffer[0..<count].lastIndex(of: UInt8(ascii: ")")),
            paren + 2 < count
        else { return true }
        let state = buffer[paren + 2]
        return state == UInt8(ascii: "Z") || state == UInt8(ascii: "X")
    }

    /// A started child and the supervisor that contains it.
    struct Spawned {
        /// The supervisor: this process's child, reaped once the whole run has ended.
        var supervisor: pid_t
        /// The child running the program, as this process sees it; nil when it already ended
        /// before it could be found (in a PID namespace its number there differs).
        var child: pid_t?
        /// Readable when the child exits: `clesson_spawn_supervised`'s events.
        var events: Int32
        /// The mechanism that holds the run.
        var containment: Containment
    }

    /// Starts `launch` under a supervisor of its own (`clesson_spawn_supervised`): a process
    /// group of its own, default signal handling and an empty mask, and, with a sandbox, the
    /// confinement of `clesson_spawn_confined`. Tries `containment` first; whatever holds is
    /// returned and remembered, so a refused PID namespace is not tried again.
    static func spawn(_ launch: Launch, containment: Containment) throws(SubprocessError) -> Spawned {
        var descriptors = launch.descriptors
        var devNull: Int32? = nil
        if descriptors[0] == nil {
            let fd = open("/dev/null", O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw SubprocessError.cannotStart(launch.executable, lastError()) }
            devNull = fd
            descriptors[0] = fd
        }
        defer { if let devNull { _ = close(devNull) } }
        if launch.sandbox != nil || launch.user != nil {
            // Before the child exists: a process of this user must not read this one.
            _ = clesson_set_nondumpable()
        }
        let plan = descriptors.sorted { $0.key < $1.key }
        let targets = plan.map { Int32($0.key) }
        let sources = plan.map { Int32($0.value) }
        let argv = [launch.executable] + launch.arguments
        var mechanism = Int32(max(containment.rawValue, Containment.available.rawValue))
        var supervisor: pid_t = 0
        var child: pid_t = 0
        var events: Int32 = -1
        var stage: Int32 = 0
        let view = launch.sandbox?.systemView == true ? Confinement.viewPaths : []
        let result = withCStrings(argv) { argvPointers in
            withCStrings(launch.environment) { envPointers in
                withCStrings(view + launch.cgroups) { listPointers in
                    targets.withUnsafeBufferPointer { targetPointer in
                        sources.withUnsafeBufferPointer { sourcePointer in
                            withOptionalCString(launch.directory) { directory in
                                var request = clesson_spawn_request()
                                request.argv = UnsafePointer(argvPointers)
                                request.envp = UnsafePointer(envPointers)
                                request.targets = targetPointer.baseAddress
                                request.sources = sourcePointer.baseAddress
                                request.count = Int32(plan.count)
                                request.directory = directory
                                request.uid = launch.user.map { Int64($0.uid) } ?? -1
                                request.gid = launch.user.map { Int64($0.gid) } ?? -1
                                if let sandbox = launch.sandbox {
                                    request.sandbox = 1
                                    request.allow_processes = sandbox.startsProcesses ? 1 : 0
                                    request.memory_limit = Int64(sandbox.memoryLimit ?? 0)
                                    request.file_size_limit = Int64(sandbox.fileSizeLimit ?? 0)
                                    request.private_world = sandbox.privateWorld ? 1 : 0
                                    request.user_per_process =
                                        sandbox.privateWorld && sandbox.learnerUser == nil ? 1 : 0
                                    request.thread_limit = Int64(sandbox.threadLimit ?? 0)
                                    request.loopback = sandbox.loopback ? 1 : 0
                                    request.view_paths = UnsafePointer(listPointers)
                                    request.view_count = Int32(view.count)
                                }
                                // The control files follow the view's paths in the one list.
                                request.cgroups = UnsafePointer(listPointers + view.count)
                                request.cgroup_count = Int32(launch.cgroups.count)
                                return launch.executable.withCString { path in
                                    request.executable = path
                                    return clesson_spawn_supervised(
                                        &request, &mechanism, &supervisor, &child, &events, &stage)
                                }
                            }
                        }
                    }
                }
            }
        }
        guard result == 0 else {
            let step =
                switch UInt32(stage) {
                case CLESSON_STAGE_OPEN.rawValue: "cannot open the program"
                case CLESSON_STAGE_FORK.rawValue: "cannot fork"
                case CLESSON_STAGE_DESCRIPTORS.rawValue: "cannot set up its descriptors"
                case CLESSON_STAGE_DIRECTORY.rawValue: "cannot enter its working directory"
                case CLESSON_STAGE_USER.rawValue: "cannot switch to the unprivileged user"
                case CLESSON_STAGE_LIMITS.rawValue: "cannot set its resource limits"
                case CLESSON_STAGE_SANDBOX.rawValue: "cannot install the sandbox"
                case CLESSON_STAGE_PRIVATE.rawValue:
                    "cannot give it a world of its own (a private /tmp in new namespaces), which grading requires"
                case CLESSON_STAGE_CGROUP.rawValue:
                    "cannot join its learner's control group (memory and process limits)"
                case CLESSON_STAGE_VIEW.rawValue:
                    "cannot give it a filesystem of its own (the system's libraries and its own folder alone)"
                case CLESSON_STAGE_EXEC.rawValue: "cannot execute the program"
                default: "cannot prepare the start"
                }
            throw SubprocessError.cannotStart(launch.executable, "\(step): \(String(cString: strerror(result)))")
        }
        let held = Containment(rawValue: Int(mechanism)) ?? .subreaper
        if held == .subreaper, containment == .pidNamespace { Containment.refusedNamespace() }
        let found = held == .pidNamespace ? outerPid(of: child, under: supervisor) : child
        return Spawned(supervisor: supervisor, child: found, events: events, containment: held)
    }

    /// The number, as this process sees it, of the process `inner` of a supervisor's PID
    /// namespace: the supervisor's child whose last `NSpid` is `inner`.
    private static func outerPid(of inner: pid_t, under supervisor: pid_t) -> pid_t? {
        for candidate in children(of: supervisor) {
            guard let status = ProcFS.read("/proc/\(candidate)/status"),
                let line = status.split(separator: "\n").first(where: { $0.hasPrefix("NSpid:") })
            else { continue }
            if line.split(whereSeparator: { $0 == " " || $0 == "\t" }).last.flatMap({ pid_t($0) }) == inner {
                return candidate
            }
        }
        return nil
    }

    /// The text of the current `errno`.
    static func lastError() -> String { String(cString: strerror(errno)) }
}

/// Calls `body` with a NULL-terminated C array of the strings.
private func withCStrings<R>(
    _ strings: [String], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> R
) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for pointer in pointers { free(pointer) } }
    return pointers.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
}

/// Calls `body` with a C string of `string`, or NULL.
private func withOptionalCString<R>(_ string: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
    guard let string else { return body(nil) }
    return string.withCString { body($0) }
}
