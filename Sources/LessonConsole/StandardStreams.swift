import Glibc

/// Writes text to standard error, unbuffered.
package func writeStandardError(_ text: String) {
    writeAll(text, to: 2)
}

/// Writes text to standard output, unbuffered.
package func writeStandardOutput(_ text: String) {
    writeAll(text, to: 1)
}

/// Writes every byte of `text` to a file descriptor, retrying short writes; gives up
/// silently when the descriptor is closed (a reader that went away is not an error).
private func writeAll(_ text: String, to descriptor: Int32) {
    PathHint.see(text)
    var bytes = Array(text.utf8)
    bytes.withUnsafeMutableBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0, errno == EINTR { continue }
            // The reader of our output went away (`lesson run --all | head`): stop the run
            // rather than go on unseen, and leave nothing running.
            if written < 0, errno == EPIPE, descriptor == 1 { Terminal.stopEverything(status: 141, message: nil) }
            if written <= 0 { return }
            offset += written
        }
    }
}
