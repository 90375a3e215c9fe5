import Glibc

/// Thin wrappers over the BSD socket calls the server and clients share.
enum Socket {
    /// What a non-blocking read or write did.
    enum Transfer: Equatable {
        /// This many bytes moved.
        case bytes(Int)
        /// Nothing can move now; wait for readiness.
        case wouldBlock
        /// The peer closed its end (read returned 0).
        case closed
        /// The call failed with this errno (e.g. EPIPE after a disconnect).
        case failed(Int32)
    }

    /// Resolves `host` (a dotted IPv4 address, `localhost`, or a name) to an IPv4 address.
    static func ipv4Address(_ host: String) throws(HTTPError) -> in_addr {
        var address = in_addr()
        if host == "localhost" { return in_addr(s_addr: UInt32(0x7F00_0001).bigEndian) }
        if inet_pton(AF_INET, host, &address) == 1 { return address }
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list,
            let raw = first.pointee.ai_addr
        else { throw .unknownHost(host) }
        defer { freeaddrinfo(list) }
        return raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
    }

    /// `a.b.c.d:port` for an IPv4 socket address.
    static func describe(_ address: sockaddr_in) -> String {
        let host = UInt32(bigEndian: address.sin_addr.s_addr)
        let port = UInt16(bigEndian: address.sin_port)
        return "\(host >> 24).\(host >> 16 & 0xFF).\(host >> 8 & 0xFF).\(host & 0xFF):\(port)"
    }

    /// Builds an IPv4 socket address.
    static func address(_ host: in_addr, port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port)).bigEndian
        address.sin_addr = host
        return address
    }

    /// Creates a TCP socket (close-on-exec, optionally non-blocking).
    static func tcp(nonBlocking: Bool) throws(HTTPError) -> Int32 {
        var type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        if nonBlocking { type |= Int32(SOCK_NONBLOCK.rawValue) }
        let fd = socket(AF_INET, type, 0)
        guard fd >= 0 else { throw .system(call: "socket", errno: errno) }
        return fd
    }

    /// Opens a non-blocking listening socket on `host:port` and returns it with the bound port.
    static func listen(host: String, port: Int, backlog: Int32) throws(HTTPError) -> (Int32, Int) {
        guard (0...65535).contains(port) else { throw .invalidURL("port \(port)") }
        let ip = try ipv4Address(host)
        let fd = try tcp(nonBlocking: true)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = address(ip, port: port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            let code = errno
            close(fd)
            throw .system(call: "bind \(host):\(port)", errno: code)
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let code = errno
            close(fd)
            throw .system(call: "listen", errno: code)
        }
        return (fd, boundPort(fd))
    }

    /// Makes an accepted socket non-blocking and close-on-exec, and turns off Nagle's delay.
    static func prepareAccepted(_ fd: Int32) {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// The local port a socket is bound to.
    static func boundPort(_ fd: Int32) -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts connecting `fd` to `address`; returns 0 or the errno (EINPROGRESS when pending).
    static func connect(_ fd: Int32, to address: sockaddr_in) -> Int32 {
        var address = address
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result == 0 ? 0 : errno
    }

    /// The pending error of a socket (after a non-blocking connect completes).
    static func pendingError(_ fd: Int32) -> Int32 {
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length)
        return code
    }

    /// Reads up to `count` bytes into `buffer` (appending), distinguishing EOF from errors.
    static func receive(_ fd: Int32, into buffer: inout [UInt8], count: Int = 16 * 1024)
        -> Transfer
    {
        var result = 0
        var code: Int32 = 0
        let chunk = [UInt8](unsafeUninitializedCapacity: count) { storage, initialized in
            result = recv(fd, storage.baseAddress, count, 0)
            code = errno
            initialized = max(0, result)
        }
        if result > 0 {
            buffer.append(contentsOf: chunk)
            return .bytes(result)
        }
        if result == 0 { return .closed }
        if code == EAGAIN || code == EWOULDBLOCK || code == EINTR { return .wouldBlock }
        return .failed(code)
    }

    /// Sends bytes from `offset` without raising SIGPIPE if the peer has gone.
    static func send(_ fd: Int32, _ bytes: [UInt8], from offset: Int) -> Transfer {
        let result = bytes.withUnsafeBytes { raw in
            Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
        }
        if result >= 0 { return .bytes(result) }
        let code = errno
        if code == EAGAIN || code == EWOULDBLOCK || code == EINTR { return .wouldBlock }
        return .failed(code)
    }

    /// Waits with `poll` until `fd` is ready for `events` or `milliseconds` pass (-1: forever).
    /// Returns false on timeout.
    static func wait(_ fd: Int32, events: Int16, milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: fd, events: events, revents: 0)
        while true {
            let ready = poll(&entry, 1, milliseconds)
            if ready >= 0 { return ready > 0 }
            if errno != EINTR { return true }
        }
    }

    /// Makes a non-blocking, close-on-exec pipe used to wake a thread sleeping in `poll`.
    static func wakePipe() throws(HTTPError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw .system(call: "pipe", errno: errno) }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        return (fds[0], fds[1])
    }

    /// Writes one byte to a wake pipe (a full pipe already means "wake up").
    static func wake(_ fd: Int32) {
        var byte: UInt8 = 1
        _ = Glibc.write(fd, &byte, 1)
    }

    /// Empties a wake pipe.
    static func drain(_ fd: Int32) {
        var bytes = [UInt8](repeating: 0, count: 256)
        while Glibc.read(fd, &bytes, bytes.count) > 0 {}
    }
}
