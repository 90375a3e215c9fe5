// A small program the confinement tests run as a child. Its first argument says what to try;
// it prints one line saying what happened, in a form the tests compare.
import Glibc

typealias Ptrace = @convention(c) (Int, pid_t, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> Int
typealias Prlimit = @convention(c) (pid_t, Int32, UnsafeRawPointer?, UnsafeMutableRawPointer?) -> Int32
typealias Ioctl = @convention(c) (Int32, UInt, UnsafeMutableRawPointer?) -> Int32
typealias VMRead =
    @convention(c) (pid_t, UnsafePointer<iovec>?, UInt, UnsafePointer<iovec>?, UInt, UInt) -> Int

/// A C function the Swift overlay does not declare (variadic, or behind feature macros).
func symbol<T>(_ name: String, as type: T.Type) -> T {
    unsafeBitCast(dlsym(UnsafeMutableRawPointer(bitPattern: 0), name)!, to: type)
}

/// What the "thread" probe's thread runs: nothing.
nonisolated func threadBody(_: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? { nil }

/// "ok" or the errno name the tests look for.
func outcome(_ result: Int) -> String {
    if result != -1 { return "ok" }
    switch errno {
    case EPERM: return "EPERM"
    case ESRCH: return "ESRCH"
    case EFAULT: return "EFAULT"
    default: return "errno \(errno)"
    }
}

let arguments = CommandLine.arguments
let target = arguments.count > 2 ? pid_t(arguments[2]) ?? 0 : getppid()
switch arguments[1] {
case "whoami":
    var buffer = [CChar](repeating: 0, count: 4096)
    let cwd = getcwd(&buffer, buffer.count).map { String(cString: $0) } ?? "?"
    var entries = 0
    if let directory = opendir(".") {
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { entries += 1 }
        }
        closedir(directory)
    }
    var info = stat()
    stat(".", &info)
    let session = getsid(0) == getpid() ? "own" : "inherited"
    print("uid \(getuid()) gid \(getgid()) groups \(getgroups(0, nil)) entries \(entries) owner \(info.st_uid) session \(session) cwd \(cwd)")
case "ptrace":
    let attach = symbol("ptrace", as: Ptrace.self)(16, target, nil, nil)
    print("ptrace \(outcome(attach))")
case "vmread":
    let address = UInt(arguments[3])!
    var byte: UInt8 = 0
    let result = withUnsafeMutablePointer(to: &byte) { pointer in
        var local = iovec(iov_base: UnsafeMutableRawPointer(pointer), iov_len: 1)
        var remote = iovec(iov_base: UnsafeMutableRawPointer(bitPattern: address), iov_len: 1)
        return symbol("process_vm_readv", as: VMRead.self)(target, &local, 1, &remote, 1, 0)
    }
    print("vmread \(outcome(result)) \(byte)")
case "prlimit":
    var limit = rlimit()
    let result = symbol("prlimit", as: Prlimit.self)(target, 7, nil, &limit)
    print("prlimit \(outcome(Int(result)))")
case "tiocsti":
    // Types a newline into the terminal on standard output.
    var newline: CChar = 10
    let typed = symbol("ioctl", as: Ioctl.self)(1, 0x5412, &newline)
    print("tiocsti \(outcome(Int(typed)))")
case "kill":
    print("kill \(outcome(Int(kill(target, SIGURG))))")
case "kill-self":
    print("kill-self \(outcome(Int(kill(getpid(), SIGURG))))")
case "fork":
    let child = fork()
    if child == 0 { _exit(0) }
    if child > 0 { waitpid(child, nil, 0) }
    print("fork \(outcome(Int(child)))")
case "spawn":
    var pid: pid_t = 0
    let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
    let error = posix_spawn(&pid, "/bin/true", nil, nil, argv, nil)
    if error == 0 { waitpid(pid, nil, 0) }
    print("spawn \(error == 0 ? "ok" : error == EPERM ? "EPERM" : "errno \(error)")")
case "thread":
    var thread = pthread_t()
    let started = pthread_create(&thread, nil, threadBody, nil)
    if started == 0 { pthread_join(thread, nil) }
    print("thread \(started == 0 ? "ok" : "errno \(started)")")
case "limits":
    func limit(_ resource: Int32) -> String {
        var value = rlimit()
        getrlimit(__rlimit_resource_t(UInt32(resource)), &value)
        return value.rlim_cur == rlim_t.max ? "none" : "\(value.rlim_cur)"
    }
    print("limits as \(limit(9)) fsize \(limit(1)) core \(limit(4))")
case "env":
    print("env \(arguments[2]) \(getenv(arguments[2]).map { String(cString: $0) } ?? "unset")")
case "allocate":
    // More than the confinement's address space, touched so the memory is real.
    let size = 5 << 30
    if let memory = malloc(size) {
        memset(memory, 1, size)
        print("allocate ok")
    } else {
        print("allocate failed")
    }
case "bigfile":
    // Writes 65 MiB into the working directory, 1 MiB at a time.
    let file = open("big", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let block = [UInt8](repeating: 7, count: 1 << 20)
    var written = 0
    for _ in 0..<65 { written += write(file, block, block.count) }
    print("bigfile \(written)")
case "abort":
    print("aborting")
    abort()
case "trap":
    print("trapping")
    fatalError("on purpose")
default:
    print("unknown \(arguments[1])")
}
