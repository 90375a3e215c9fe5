/// The pipes (or terminal) that carry a child's output and report, and its secret input:
/// both ends of each, until the child has started.
struct ChildChannels {
    /// Standard output: this process reads the pipe or the terminal's primary side.
    var stdoutRead: Int32
    /// Standard output: the child's end (a pipe's or the terminal's secondary side).
    var stdoutWrite: Int32
    /// Standard error, read by this process.
    var stderrRead: Int32
    /// Standard error, the child's end.
    var stderrWrite: Int32
    /// The report channel (child's descriptor 3), when asked for: this process's end.
    var reportRead: Int32? = nil
    /// The report channel: the child's end.
    var reportWrite: Int32? = nil
    /// The secret input (child's descriptor 4), already written and closed on our side.
    var secretRead: Int32? = nil

    /// Opens the channels a child with these settings needs; throws when the system refuses.
    init(standardOutput: Subprocess.StandardOutput, report: Bool, secret: [UInt8]?) throws(SubprocessError) {
        (stderrRead, stderrWrite) = try Platform.pipe()
        do {
            switch standardOutput {
            case .pipe: (stdoutRead, stdoutWrite) = try Platform.pipe()
            case .terminal: (stdoutRead, stdoutWrite) = try Platform.openTerminal()
            }
        } catch {
            _ = Platform.close(stderrRead)
            _ = Platform.close(stderrWrite)
            throw error
        }
        do {
            if report { (reportRead, reportWrite) = try Platform.pipe() }
            if let secret {
                let (read, write) = try Platform.pipe()
                secretRead = read
                // Small enough to fit the pipe's buffer, so this never blocks.
                Platform.writeAll(write, secret)
                _ = Platform.close(write)
            }
        } catch {
            closeAll()
            throw error
        }
    }

    /// Descriptor numbers in the child and the descriptors placed there.
    var childDescriptors: [Int32: Int32] {
        var map: [Int32: Int32] = [1: stdoutWrite, 2: stderrWrite]
        if let reportWrite { map[3] = reportWrite }
        if let secretRead { map[4] = secretRead }
        return map
    }

    /// Closes this process's copies of the child's ends, once the child has them.
    func closeChildEnds() {
        _ = Platform.close(stdoutWrite)
        _ = Platform.close(stderrWrite)
        if let reportWrite { _ = Platform.close(reportWrite) }
        if let secretRead { _ = Platform.close(secretRead) }
    }

    /// Closes the ends this process reads, once the child's output is collected.
    func closeParentEnds() {
        _ = Platform.close(stdoutRead)
        _ = Platform.close(stderrRead)
        if let reportRead { _ = Platform.close(reportRead) }
    }

    /// Closes every end (when the child could not be started).
    func closeAll() {
        closeChildEnds()
        closeParentEnds()
    }
}
