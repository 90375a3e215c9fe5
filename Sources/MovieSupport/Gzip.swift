import CZlib
import Glibc

/// A failure reading or writing a gzip file, with zlib's or the system's explanation.
public struct GzipError: Error, Equatable, CustomStringConvertible {
    /// What went wrong, e.g. `cannot open x.gz: No such file or directory`.
    public var message: String

    /// Creates an error with `message`.
    public init(message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

/// Writes a gzip file through the system zlib, one buffer at a time.
public final class GzipWriter {
    private var stream = z_stream()
    private let fd: Int32
    private let path: String
    private var output = [UInt8](repeating: 0, count: 1 << 16)
    private var finished = false

    /// Creates (or truncates) `path`, and the folders it is in when they are missing (a
    /// snippet's first run in a fresh folder), and starts a gzip stream at `level` (1 fast
    /// ... 9 small).
    public init(path: String, level: Int32 = 6) throws(GzipError) {
        self.path = path
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try MovieDataset.makeDirectories(String(path[..<slash]))
        }
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw GzipError(message: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        // 15 + 16: a 32 KiB window with a gzip header and trailer instead of zlib's.
        let status = deflateInit2_(
            &stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
            Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            close(fd)
            throw GzipError(message: "deflateInit2 failed (\(status))")
        }
    }

    deinit {
        if !finished { deflateEnd(&stream) }
        close(fd)
    }

    /// Compresses `bytes` and writes what zlib produces.
    public func write(_ bytes: [UInt8]) throws(GzipError) {
        try compress(bytes, flush: Z_NO_FLUSH)
    }

    /// Ends the stream (writes the trailer) and closes the file.
    public func finish() throws(GzipError) {
        guard !finished else { return }
        try compress([], flush: Z_FINISH)
        deflateEnd(&stream)
        finished = true
    }

    private func compress(_ bytes: [UInt8], flush: Int32) throws(GzipError) {
        var input = bytes
        let count = input.count
        var failure: GzipError?
        input.withUnsafeMutableBufferPointer { inputBuffer in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = UInt32(count)
            repeat {
                let produced = output.withUnsafeMutableBufferPointer { out -> Int in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(out.count)
                    let status = deflate(&stream, flush)
                    if status == Z_STREAM_ERROR { failure = GzipError(message: "deflate failed") }
                    return out.count - Int(stream.avail_out)
                }
                if failure != nil { return }
                if !writeAll(produced) {
                    failure = GzipError(message: "cannot write \(path): \(String(cString: strerror(errno)))")
                    return
                }
            } while stream.avail_out == 0
        }
        stream.next_in = nil
        if let failure { throw failure }
    }

    private func writeAll(_ count: Int) -> Bool {
        var written = 0
        while written < count {
            let result = output.withUnsafeBytes { writeBytes(fd, $0.baseAddress! + written, count - written) }
            if result < 0 {
                if errno == EINTR { continue }
                return false
            }
            written += result
        }
        return true
    }
}

/// Reads a gzip file through the system zlib, a chunk at a time: memory stays the same
/// whatever the file's size.
///
/// Concatenated gzip members are read one after another, as `gunzip` does. A file that ends
/// before its compressed stream does, or holds bytes zlib cannot inflate, is an error, never
/// a crash.
public final class GzipReader {
    /// The file being read.
    public let path: String
    private var stream = z_stream()
    private let fd: Int32
    private var input: [UInt8]
    private var inputStart = 0
    private var inputEnd = 0
    private var atEOF = false
    private var streamEnded = false
    private var ended = false

    /// Opens `path`; `chunkSize` bytes of compressed input are read at a time.
    public init(path: String, chunkSize: Int = 1 << 16) throws(GzipError) {
        self.path = path
        input = [UInt8](repeating: 0, count: max(64, chunkSize))
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw GzipError(message: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        // 15 + 32: a 32 KiB window; zlib detects the gzip header itself.
        let status = inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            close(fd)
            throw GzipError(message: "inflateInit2 failed (\(status))")
        }
    }

    deinit {
        if !ended { inflateEnd(&stream) }
        close(fd)
    }

    /// Inflates into `buffer[from...]`; returns how many bytes it wrote, 0 at the end of the
    /// data. Throws on a truncated or corrupt file.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(GzipError) -> Int {
        guard buffer.count > 0 else { return 0 }
        while true {
            if inputStart == inputEnd, !atEOF { try fill() }
            if inputStart == inputEnd, atEOF {
                if streamEnded { return 0 }
                throw GzipError(
                    message: "\(path): truncated gzip data (the file ends before its compressed stream)")
            }
            if streamEnded {
                // Another gzip member follows: start over on it.
                inflateReset(&stream)
                streamEnded = false
            }
            let availableIn = inputEnd - inputStart
            var message: String?
            let (status, consumed, produced) = input.withUnsafeMutableBufferPointer { inBuffer in
                stream.next_in = inBuffer.baseAddress! + inputStart
                stream.avail_in = UInt32(availableIn)
                stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
                stream.avail_out = UInt32(buffer.count)
                let status = inflate(&stream, Z_NO_FLUSH)
                if let text = stream.msg { message = String(cString: text) }
                return (status, availableIn - Int(stream.avail_in), buffer.count - Int(stream.avail_out))
            }
            inputStart += consumed
            switch status {
            case Z_OK, Z_BUF_ERROR:
                if produced > 0 { return produced }
                if consumed == 0, inputStart == inputEnd, atEOF {
                    throw GzipError(
                        message: "\(path): truncated gzip data (the file ends before its compressed stream)")
                }
            case Z_STREAM_END:
                streamEnded = true
                if produced > 0 { return produced }
            case Z_NEED_DICT, Z_DATA_ERROR:
                throw GzipError(message: "\(path): corrupt gzip data (\(message ?? "data error"))")
            case Z_MEM_ERROR:
                throw GzipError(message: "\(path): zlib ran out of memory")
            default:
                throw GzipError(message: "\(path): inflate failed (\(status))")
            }
        }
    }

    /// Reads the next chunk of compressed bytes from the file.
    private func fill() throws(GzipError) {
        inputStart = 0
        inputEnd = 0
        while true {
            let count = input.withUnsafeMutableBytes { readBytes(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw GzipError(message: "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { atEOF = true }
            inputEnd = count
            return
        }
    }
}

/// `write(2)`, under a name the writer's own `write` method does not hide.
private func writeBytes(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, bytes, count)
}

/// `read(2)`, under a name the reader's own `read` method does not hide.
private func readBytes(_ fd: Int32, _ bytes: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, bytes, count)
}
