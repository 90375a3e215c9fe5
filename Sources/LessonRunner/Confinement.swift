import Foundation
import Glibc

/// How a child is confined (`Subprocess.confinement`), for programs `lesson` does not trust,
/// such as a learner's answer run beside a judge. A confined child:
/// - starts in a fresh, empty temporary directory made for it (`PWD` says so too), which
///   is removed once the child has ended;
/// - leads a session of its own, so it has no controlling terminal to type into;
/// - runs with `PR_SET_NO_NEW_PRIVS`, so nothing it executes gains privileges;
/// - when `lesson` runs as root, runs as `userID`/`groupID` with no supplementary groups,
///   and its directory belongs to that user;
/// - runs under a seccomp filter (`clesson_sandbox_install`):
///   - `ptrace`, `process_vm_readv`, `process_vm_writev`, `pidfd_send_signal`,
///     `pidfd_getfd`, `process_madvise` and `kcmp` fail with EPERM;
///   - `kill`, `tkill`, `tgkill`, `rt_sigqueueinfo`, `rt_tgsigqueueinfo` and `pidfd_open`
///     fail with EPERM unless aimed at the child itself (`kill` may also name its own
///     process group, `0` or `-pid`), so it can still raise a signal on itself (`abort`)
///     and is reported as ended by that signal;
///   - `prlimit64`, `migrate_pages` and `move_pages` work only on the child itself;
///     `ioctl(TIOCSTI)` fails; `setpgid` may only create a group or rejoin the child's;
///     every system call of another architecture (x32, i386) fails;
///   - unless `startsProcesses`, the child cannot start a process: `fork`, `vfork`,
///     `posix_spawn` and a `clone` that is not a thread fail with EPERM, so it cannot
///     fork-bomb the machine nor leave anything running behind it;
/// - writes no core file, and has at most `memoryLimit` bytes of address space and files
///   of at most `fileSizeLimit` bytes (`RLIMIT_AS`, `RLIMIT_FSIZE`): running out is a crash
///   (an allocation that fails, SIGXFSZ), never a machine out of memory or disk.
///
/// With `privateWorld` (quiz answers), the child also gets a world of its own
/// (`clesson_private_world`): new mount, IPC and network namespaces (and a user namespace
/// when `lesson` is not root), every mount read-only, a fresh tmpfs on `/tmp`, `/var/tmp`,
/// `/dev/shm` and `/run/lock`, and its working directory a fresh tmpfs directory: nothing it
/// writes outlives it or reaches another process, so two runs share nothing writable. When
/// `lesson` runs as root it runs as a user of its own (`privateUserBase` plus its pid: no
/// other living process has that user), so `threadLimit` (`RLIMIT_NPROC`) counts its
/// threads alone; `unshare`, `setns` and namespaces of its own are refused. A child that
/// cannot get its world is not started: `Subprocess.run` throws.
///
/// A learner's run under `lesson serve --class` (`LearnerJail`) adds, on top of `privateWorld`:
/// - `learnerUser`: the learner's own user instead of one per process, so everything a
///   learner runs is one user's, and no other learner's;
/// - `loopback`: its network namespace's loopback is up, so a server and its client inside
///   the run talk over 127.0.0.1 of their own; nothing outside the namespace is reachable;
/// - `systemView` (`clesson_system_view`): its root is a fresh tmpfs that holds only
///   `viewPaths` (the system's programs and libraries, `/etc`, the Swift runtime, a few
///   devices), read-only, plus its own `/tmp`, `/dev/shm`, `/var/tmp`, its working
///   directory and a `/proc` that shows only its user's processes: nothing of the workshop,
///   of `/root`, `/home` or any other learner can even be named;
/// - `controlGroup`: it joins a control group of its own under its learner's
///   (`ControlGroup`), whose memory and process limits hold every run of that learner at
///   once; a run that reached one says so in `RunResult.confinementLimit`.
/// `unshare`, `setns` and a `clone` that makes a namespace are refused to every confined
/// child, whether or not it may start processes.
///
/// With `startsProcesses`, the filter and the user pass to any process the child starts.
/// Those processes may signal the child and its group, but not themselves by pid (the
/// filter knows the child's pid only), so an `abort` there ends the process with SIGSEGV
/// instead of SIGABRT.
///
/// Before it starts a confined child, `lesson` makes itself non-dumpable
/// (`PR_SET_DUMPABLE` 0), so that a child of the same user (when `lesson` is not root)
/// cannot read or write its memory or descriptors through `/proc`.
///
/// The program must be a binary (not a `#!` script): it is opened before privileges are
/// dropped and executed from that descriptor, so it may sit in a directory the
/// unprivileged user cannot enter, but the file itself must be executable by that user.
/// Confinement works on Linux (x86_64, arm64); elsewhere starting a confined child throws.
package struct Confinement: Sendable, Hashable {
    /// The user the child runs as when `lesson` runs as root (default 65534, `nobody`).
    package var userID: UInt32 = 65534
    /// The group the child runs as when `lesson` runs as root (default 65534).
    package var groupID: UInt32 = 65534
    /// Whether the child may start processes of its own (default: no; threads always may).
    package var startsProcesses = false
    /// The child's address space in bytes (default 4 GiB), or nil for no limit. Swift's
    /// runtime and C library reserve far more address space than they use (a malloc arena
    /// per thread reserves 64 MiB), so this is set well above what any answer needs.
    package var memoryLimit: Int? = 4 << 30
    /// The largest file the child may write, in bytes (default 64 MiB), or nil for no limit.
    package var fileSizeLimit: Int? = 64 << 20
    /// A world of its own: private `/tmp` and working directory, read-only everything else,
    /// no network, its own IPC (default: no).
    package var privateWorld = false
    /// With `privateWorld`: the most threads the child may have at once, or nil for no limit.
    package var threadLimit: Int? = nil
    /// With `privateWorld` under root: the child runs as this user (and group) plus its pid.
    package static let privateUserBase: UInt32 = 1_600_000_000
    /// With `privateWorld` under root: the child runs as this user and group (a learner's own,
    /// `LearnerJail.userID`) instead of `privateUserBase` plus its pid; nil by default.
    package var learnerUser: UInt32? = nil
    /// With `privateWorld`: the loopback of its network namespace is up (default: no).
    package var loopback = false
    /// With `privateWorld`: a root of its own holding only `viewPaths` (default: no).
    package var systemView = false
    /// The control group whose limits the child and everything it starts count against
    /// (a learner's, `LearnerJail`), or nil for none. Needs root.
    package var controlGroup: ControlGroup? = nil
    /// With a `memoryLimit`, the child's `MALLOC_ARENA_MAX` unless its environment sets one:
    /// the C library's allocator would otherwise reserve 64 MiB per thread, up to eight
    /// arenas per core, and a correct program on a machine with many cores would run out of
    /// address space before memory.
    package static let mallocArenas = 4

    /// The default confinement: `nobody` when root, the seccomp filter with no new
    /// processes, the default limits, an empty directory.
    package init() {}

    /// A confinement whose child may start processes (such as a shell running commands).
    package static var startingProcesses: Confinement {
        var confinement = Confinement()
        confinement.startsProcesses = true
        return confinement
    }

    /// How a quiz answer is confined: the default, plus a world of its own and at most
    /// `answerThreads` threads.
    package static var answer: Confinement {
        var confinement = Confinement()
        confinement.privateWorld = true
        confinement.threadLimit = answerThreads
        return confinement
    }

    /// The most threads a quiz answer may have at once (Swift's pool has about one per core;
    /// a correct answer uses a few dozen at most).
    package static let answerThreads = 256

    /// True while this process is dumpable: processes of its user may trace it or read its
    /// memory through `/proc`. False once a confined child was started (always true where
    /// the system has no such notion, and confinement is unavailable anyway).
    package static var thisProcessIsDumpable: Bool { Platform.isDumpable }

    /// The user and group to switch to: set only when this process is root.
    var user: (uid: UInt32, gid: UInt32)? {
        guard Platform.isRoot else { return nil }
        if privateWorld, let learnerUser { return (learnerUser, learnerUser) }
        return privateWorld ? (Self.privateUserBase, Self.privateUserBase) : (userID, groupID)
    }

    /// Whether an environment variable of this process passes to a child with `systemView`:
    /// `PATH`, the locale and terminal names, time zone, and the runtime's own settings
    /// (`SWIFT_*`, `MALLOC_*`, `LC_*`); nothing else (no token, no path of the
    /// workshop).
    package static func keptEnvironment(_ name: String) -> Bool {
        ["PATH", "LANG", "TERM", "TZ", "COLUMNS", "LINES", "NO_COLOR"].contains(name)
            || ["SWIFT_", "MALLOC_", "LC_"].contains { name.hasPrefix($0) }
    }

    /// What a child with `systemView` sees of the machine, read-only: the system's programs
    /// and libraries (`/usr` and the links or folders `/bin`, `/sbin`, `/lib*`), `/etc` (the
    /// loader's cache, time zones, certificates), the Swift runtime the snippets link
    /// (`swiftRuntime`) and the devices a program opens by name. Nothing else.
    package static let viewPaths: [String] = {
        let system = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc"]
        let devices = ["/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom"]
        return system + swiftRuntime.filter { !$0.hasPrefix("/usr/") } + devices
    }()

    /// The folders of the Swift runtime a compiled snippet loads (its `RUNPATH`): the one
    /// this process itself loaded `libswiftCore.so` from, and the one beside `swiftc`.
    package static let swiftRuntime: [String] = {
        var folders: [String] = []
        let handle = FileHandle(forReadingAtPath: "/proc/self/maps")
        let maps = String(decoding: (try? handle?.readToEnd()) ?? Data(), as: UTF8.self)
        try? handle?.close()
        if let line = maps.split(separator: "\n").first(where: { $0.hasSuffix("/libswiftCore.so") }),
            let slash = line.firstIndex(of: "/")
        {
            let path = String(line[slash...])
            folders.append(String(path[..<path.lastIndex(of: "/")!]))
        }
        if let toolchain = try? Toolchain.locate() {
            let bin = URL(fileURLWithPath: toolchain.swiftc).resolvingSymlinksInPath().deletingLastPathComponent()
            let runtime = bin.deletingLastPathComponent().appendingPathComponent("lib/swift/linux").path
            if FileManager.default.fileExists(atPath: runtime), !folders.contains(runtime) { folders.append(runtime) }
        }
        return folders
    }()
}

/// The empty temporary directory a confined child starts in.
struct ConfinedDirectory {
    /// Its absolute path.
    let path: String

    /// Makes a fresh directory (mode 0700) owned by `owner` when given.
    init(owner: (uid: UInt32, gid: UInt32)?) throws(SubprocessError) {
        var template = Array((FileManager.default.temporaryDirectory.path + "/lesson-confined-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            mkdtemp(buffer.baseAddress!).map { String(cString: $0) }
        }
        guard let made else {
            throw SubprocessError.cannotPrepare("cannot make it: \(Platform.lastError())")
        }
        path = made
        ProcessRegistry.shared.add(directory: path)
        if let owner, chown(path, owner.uid, owner.gid) != 0 {
            let reason = Platform.lastError()
            remove()
            throw SubprocessError.cannotPrepare("cannot hand it over: \(reason)")
        }
    }

    /// A directory made earlier, to remove it.
    init(existing path: String) {
        self.path = path
    }

    /// Removes the directory and whatever the child left in it, making its own
    /// subdirectories writable first if the child locked them.
    func remove() {
        let files = FileManager.default
        defer { ProcessRegistry.shared.remove(directory: path) }
        if (try? files.removeItem(atPath: path)) != nil { return }
        if let walker = files.enumerator(atPath: path) {
            for case let entry as String in walker {
                let full = path + "/" + entry
                var info = stat()
                if lstat(full, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { chmod(full, 0o700) }
            }
        }
        chmod(path, 0o700)
        try? files.removeItem(atPath: path)
    }
}
