// What a learner's hostile code tries under `LearnerJail`: one program, one try per run,
// named by the first argument; it prints one line saying what happened.
#if canImport(Glibc)
    import Glibc
#endif

let arguments = CommandLine.arguments
let mode = arguments.count > 1 ? arguments[1] : ""

@_silgen_name("unshare") func unshareNamespace(_ flags: Int32) -> Int32

func reason() -> String { String(cString: strerror(errno)) }

/// A TCP socket connected to `port` on 127.0.0.1, or -1 (errno says why).
func connectTo(_ port: UInt16) -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return -1 }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let result = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    if result != 0 {
        let saved = errno
        close(fd)
        errno = saved
        return -1
    }
    return fd
}

switch mode {
case "whoami":
    print("uid \(getuid()) gid \(getgid())")
case "read":
    // Reads the file, or says why it cannot even see it.
    let fd = open(arguments[2], O_RDONLY)
    if fd < 0 {
        print("refused: \(reason())")
    } else {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = read(fd, &buffer, buffer.count)
        print(count >= 0 ? "read: \(String(decoding: buffer[0..<count], as: UTF8.self))" : "refused: \(reason())")
    }
case "exists":
    var info = stat()
    print(stat(arguments[2], &info) == 0 ? "exists" : "absent: \(reason())")
case "write":
    let fd = open(arguments[2], O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    print(fd >= 0 ? "written" : "refused: \(reason())")
case "connect":
    let fd = connectTo(UInt16(arguments[2])!)
    print(fd >= 0 ? "connected" : "unreachable: \(reason())")
case "loopback":
    // A server of its own on 127.0.0.1 and a client that talks to it, as lesson 09 does.
    let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(server, pointer, length) == 0 && listen(server, 4) == 0
                && getsockname(server, pointer, &length) == 0
        }
    }
    guard bound else {
        print("cannot serve: \(reason())")
        exit(0)
    }
    let port = UInt16(bigEndian: address.sin_port)
    let client = connectTo(port)
    guard client >= 0 else {
        print("cannot connect to its own server: \(reason())")
        exit(0)
    }
    let accepted = accept(server, nil, nil)
    _ = write(client, "ping", 4)
    var buffer = [UInt8](repeating: 0, count: 4)
    let count = read(accepted, &buffer, 4)
    print(count == 4 ? "loopback: \(String(decoding: buffer, as: UTF8.self))" : "no answer: \(reason())")
case "forkbomb":
    // Starts processes that wait forever until the system refuses one more.
    var started = 0
    while started < 100_000 {
        let pid = fork()
        if pid == 0 {
            while true { pause() }
        }
        if pid < 0 { break }
        started += 1
    }
    print("refused after \(started): \(reason())")
case "memory":
    // Touches every page of `megabytes` MiB.
    let megabytes = Int(arguments[2])!
    let size = megabytes << 20
    guard let block = malloc(size) else {
        print("malloc refused")
        exit(0)
    }
    var offset = 0
    while offset < size {
        block.storeBytes(of: 1, toByteOffset: offset, as: UInt8.self)
        offset += 4096
    }
    print("touched \(megabytes) MiB")
case "processes":
    // How many processes it can see in /proc.
    var count = 0
    if let directory = opendir("/proc") {
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if !name.isEmpty, name.allSatisfy(\.isNumber) { count += 1 }
        }
        closedir(directory)
    }
    print("sees \(count) processes")
case "unshare":
    // A user namespace of its own (CLONE_NEWUSER), where it would be root.
    print(unshareNamespace(0x1000_0000) == 0 ? "unshared" : "refused: \(reason())")
default:
    print("unknown mode \(mode)")
}
