import CLessonPlatform
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
/// child, in one place. Linux is what is tested; the Darwin branch compiles where a call
/// exists there and reports "unsupported" where it does not.
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

    /// True while this process is dumpable (`PR_GET_DUMPABLE`).
    static var isDumpable: Bool { clesson_is_dumpable() != 0 }

    /// Closes a descriptor.
    static func close(_ fd: Int32) -> Int32 {
        #if canImport(Glibc)
            Glibc.close(fd)
        #else
            Darwin.close(fd)
        #endif
    }

    /// Writes all of `bytes` (retrying short writes); returns false on an error.
    @discardableResult
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { buffer in
                #if canImport(Glibc)
                    Glibc.write(fd, buffer.baseAddress, buffer.count)
                #else
                    Darwin.write(fd, buffer.baseAddress, buffer.count)
                #endif
            }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { return false }
            offset += count
        }
        return true
    }

    /// A descriptor that becomes readable when the child `pid` exits, so a wait for output
    /// also wakes at the exit; nil where the system has none.
    static func watchExit(of pid: pid_t) -> Int32? {
        let fd = clesson_pidfd_open(pid)
        return fd >= 0 ? fd : nil
    }

    /// Makes this process the reaper of its orphaned descendants. Safe to call often.
    static let becomeSubreaper: Void = {
        _ = clesson_become_subreaper()
    }()

    /// The children of this process: one small file per thread of this process
    /// (`/proc/self/task/*/children`), so the cost follows this process, not the machine.
    static func children() -> [pid_t] {
        #if os(Linux)
            guard let tasks = opendir("/proc/self/task") else { return [] }
            defer { closedir(tasks) }
            var found: [pid_t] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while let entry = readdir(tasks) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                guard let task = Int(name) else { continue }
                let fd = open("/proc/self/task/\(task)/children", O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { continue }
                var text: [UInt8] = []
                while true {
                    let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                    if count < 0, errno == EINTR { continue }
                    if count <= 0 { break }
                    text.append(contentsOf: buffer[0..<count])
                }
                _ = close(fd)
                for field in text.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") }) {
                    if let pid = pid_t(String(decoding: field, as: UTF8.self)) { found.append(pid) }
                }
            }
            return found
        #else
            return []
        #endif
    }

    /// Whether process `pid` has exited: it is a zombie waiting to be reaped, or gone.
    static func hasExited(_ pid: pid_t) -> Bool {
        #if os(Linux)
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
        #else
            return kill(pid, 0) != 0
        #endif
    }

    /// Whether process `pid` is still running (not a zombie) and its initial environment
    /// holds exactly `entry` (`NAME=value`). False when it cannot be read.
    static func isLive(_ pid: pid_t, withEnvironmentEntry entry: String) -> Bool {
        #if os(Linux)
            let fd = open("/proc/\(pid)/environ", O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return false }
            defer { _ = close(fd) }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 16 << 10)
            while bytes.count < 1 << 20 {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                if count <= 0 { break }
                bytes.append(contentsOf: buffer[0..<count])
            }
            let wanted = Array(entry.utf8)
            return bytes.split(separator: 0, omittingEmptySubsequences: true).contains { $0.elementsEqual(wanted) }
        #else
            return false
        #endif
    }

    /// Starts `launch` with `posix_spawn` (unconfined) or with the C library's confined
    /// fork and exec (`clesson_spawn_confined`), in a process group of its own with default
    /// signal handling and an empty mask.
    static func spawn(_ launch: Launch) throws(SubprocessError) -> pid_t {
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
            return try spawnConfined(launch, descriptors: descriptors)
        }
        return try posixSpawn(launch, descriptors: descriptors)
    }

    private static func spawnConfined(
        _ launch: Launch, descriptors: [Int32: Int32]
    ) throws(SubprocessError) -> pid_t {
        let plan = descriptors.sorted { $0.key < $1.key }
        let targets = plan.map { Int32($0.key) }
        let sources = plan.map { Int32($0.value) }
        let argv = [launch.executable] + launch.arguments
        var pid: pid_t = 0
        var stage: Int32 = 0
        let result = withCStrings(argv) { argvPointers in
            withCStrings(launch.environment) { envPointers in
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
                                request.user_per_process = sandbox.privateWorld ? 1 : 0
                                request.thread_limit = Int64(sandbox.threadLimit ?? 0)
                            }
                            return launch.executable.withCString { path in
                                request.executable = path
                                return clesson_spawn_confined(&request, &pid, &stage)
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
                case CLESSON_STAGE_EXEC.rawValue: "cannot execute the program"
                default: "cannot prepare the confined start"
                }
            throw SubprocessError.cannotStart(launch.executable, "\(step): \(String(cString: strerror(result)))")
        }
        return pid
    }

    private static func posixSpawn(
        _ launch: Launch, descriptors: [Int32: Int32]
    ) throws(SubprocessError) -> pid_t {
        // Every source first moves above the highest target, so placing one descriptor
        // never overwrites another still to be placed, and a source already at its
        // target still loses close-on-exec.
        let floor = max(10, (descriptors.keys.max() ?? 0) + 1)
        var moved: [(target: Int32, source: Int32)] = []
        defer { for entry in moved { _ = close(entry.source) } }
        for (target, source) in descriptors.sorted(by: { $0.key < $1.key }) {
            let copy = fcntl(source, F_DUPFD_CLOEXEC, floor)
            guard copy >= 0 else { throw SubprocessError.cannotStart(launch.executable, lastError()) }
            moved.append((target, copy))
        }

        #if os(Linux)
            var actions = posix_spawn_file_actions_t()
            var attributes = posix_spawnattr_t()
        #else
            var actions: posix_spawn_file_actions_t? = nil
            var attributes: posix_spawnattr_t? = nil
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for entry in moved {
            posix_spawn_file_actions_adddup2(&actions, entry.source, entry.target)
        }
        if let directory = launch.directory {
            let failed = clesson_spawn_addchdir(&actions, directory)
            guard failed == 0 else {
                throw SubprocessError.cannotStart(launch.executable, String(cString: strerror(failed)))
            }
        }

        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A process group of its own, so a timeout or Ctrl-C can end the program and
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

        let argv = [launch.executable] + launch.arguments
        var pid: pid_t = 0
        let result = withCStrings(argv) { argvPointers in
            withCStrings(launch.environment) { envPointers in
                posix_spawn(&pid, launch.executable, &actions, &attributes, argvPointers, envPointers)
            }
        }
        guard result == 0 else {
            throw SubprocessError.cannotStart(launch.executable, String(cString: strerror(result)))
        }
        return pid
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
