#if canImport(Glibc)
    import Glibc
#endif

/// The line format the judge and the answer speak over their pipes: one message per line,
/// fields separated by tabs, with backslashes, tabs, newlines and carriage returns in a
/// field escaped as `\\`, `\t`, `\n` and `\r`. Compiled into both programs.
enum Wire {
    /// One line for `fields`, newline included.
    static func line(_ fields: [String]) -> [UInt8] {
        Array((fields.map(escape).joined(separator: "\t") + "\n").utf8)
    }

    /// The fields of one line (without its newline).
    static func fields(_ line: [UInt8]) -> [String] {
        line.split(separator: 9, omittingEmptySubsequences: false).map {
            unescape(String(decoding: $0, as: UTF8.self))
        }
    }

    /// Escapes backslashes, tabs, newlines and carriage returns.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            case "\r": escaped += "\\r"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Reverses `escape`.
    static func unescape(_ text: String) -> String {
        var result = ""
        var escaping = false
        for character in text {
            if escaping {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "r": result.append("\r")
                default: result.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// Writes all of `bytes` to `descriptor`; false when the other end is gone.
    @discardableResult
    static func write(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
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
    static func readLines(from descriptor: Int32, limit: Int = 1 << 20, _ body: ([String]) -> Void) {
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
