// In the package a module of its own; in a judge or an answer program, compiled in one
// module with `QuizWire`'s file, where there is nothing to import.
#if canImport(QuizWire)
    import QuizWire
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// The wire format on a pipe: writing whole lines and reading them back, for the judge and
/// the answer programs (`lesson` itself reads the judge's output through its runner).
extension Wire {
    /// Writes all of `bytes` to `descriptor`; false when the other end is gone.
    @discardableResult
    public static func write(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0, errno == EINTR { continue }
                if written <= 0 { return false }
                offset += written
            }
            return true
        }
    }

    /// Reads `descriptor` line by line and calls `body` with each line's fields, until end
    /// of file or an error. Lines longer than `limit` bytes are cut.
    public static func readLines(from descriptor: Int32, limit: Int = 1 << 20, _ body: ([String]) -> Void) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { return }
            var start = 0
            for index in 0..<count where buffer[index] == 10 {
                pending += buffer[start..<index]
                body(fields(Array(pending.prefix(limit))))
                pending.removeAll(keepingCapacity: true)
                start = index + 1
            }
            if pending.count < limit { pending += buffer[start..<count].prefix(limit - pending.count) }
        }
    }
}
