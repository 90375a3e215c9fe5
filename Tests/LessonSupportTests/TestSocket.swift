import LessonSupport
import LoopbackTestSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A plain blocking TCP connection for tests that must send exactly the bytes they choose.
final class TestSocket {
    /// The socket descriptor.
    let fd: Int32

    /// Connects to 127.0.0.1:`port`; reads give up after `receiveTimeout` seconds (by default
    /// two minutes: only a server that never answers comes near it, however busy the machine).
    init(port: Int, receiveTimeout: Double = 120) throws {
        fd = try Loopback.connect(port: port, receiveTimeout: receiveTimeout)
    }

    deinit { close(fd) }

    /// Sends all of `text`; returns false if the connection refused it.
    @discardableResult
    func send(_ text: String) -> Bool {
        send(Array(text.utf8))
    }

    /// Sends all of `bytes`; returns false if the connection refused it.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    /// Reads until the server closes the connection (or the receive timeout passes).
    /// `closed` tells which of the two happened.
    func readToEnd(limit: Int = 1 << 20) -> (text: String, closed: Bool) {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < limit {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count == 0 { return (String(decoding: bytes, as: UTF8.self), true) }
            if count < 0 { return (String(decoding: bytes, as: UTF8.self), errno == ECONNRESET) }
            bytes += chunk[0..<count]
        }
        return (String(decoding: bytes, as: UTF8.self), false)
    }

    /// Reads at most `count` bytes (one `recv`).
    func readSome(_ count: Int) -> Int {
        var chunk = [UInt8](repeating: 0, count: count)
        return recv(fd, &chunk, count, 0)
    }

    /// Makes `close` send a reset instead of a normal FIN (an abrupt disconnect).
    func resetOnClose() {
        var option = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
    }
}
