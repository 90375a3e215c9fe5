import LessonSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The raw TCP client side the socket tests of several suites share.
public enum Loopback {
    /// A blocking TCP socket connected to 127.0.0.1:`port`, whose reads give up after
    /// `receiveTimeout` seconds (nil: never). Throws `HTTPError.system` when it cannot connect.
    public static func connect(port: Int, receiveTimeout: Double?) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HTTPError.system(call: "socket", errno: errno) }
        if let receiveTimeout {
            let fraction = receiveTimeout.truncatingRemainder(dividingBy: 1)
            var timeout = timeval(tv_sec: Int(receiveTimeout), tv_usec: Int(fraction * 1e6))
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        address.sin_addr = in_addr(s_addr: UInt32(0x7F00_0001).bigEndian)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            throw HTTPError.system(call: "connect", errno: code)
        }
        return fd
    }
}
