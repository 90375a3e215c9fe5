/// Which output stream of a snippet process a line came from.
package enum StreamName: String, Sendable, Codable, Hashable {
    case stdout
    case stderr
}

/// One line of a process's output, stamped with the moment its first byte arrived.
package struct OutputLine: Sendable, Codable, Hashable {
    /// Seconds since the process was spawned.
    package var t: Double
    /// The stream the line was written to.
    package var stream: StreamName
    /// The line's text without its newline; invalid UTF-8 is replaced by U+FFFD.
    package var text: String

    package init(t: Double, stream: StreamName, text: String) {
        self.t = t
        self.stream = stream
        self.text = text
    }
}

/// Everything observed while one process ran. A non-zero exit, a crash or a timeout
/// is data here, never an error.
package struct RunResult: Sendable, Codable, Hashable {
    /// Every output line of both streams, in the order they arrived.
    package var lines: [OutputLine]
    /// The exit status when the process exited normally; nil when a signal ended it.
    package var exitCode: Int32?
    /// The signal that ended the process, if one did.
    package var signal: Int32?
    /// Wall time from spawn to exit, in seconds.
    package var elapsed: Double
    /// True when the runner killed the process because it ran past its timeout.
    package var timedOut: Bool
    /// Bytes dropped from each stream after the output cap was reached (0 when none).
    package var truncatedBytes: [StreamName: Int]
    /// What the process wrote on its report channel (descriptor 3), when it was given one.
    package var reportOutput: String? = nil
    /// How long the machine held the process back, when the runner measured it.
    package var heldBack: HeldBack? = nil
    /// Where its threads were when it lingered after its last line or was stopped at its
    /// timeout, when the runner was asked to look (`Subprocess.samplesLingering`).
    package var lingered: Lingered? = nil
    /// Which limit of its learner's confinement stopped the run (memory, processes), in a
    /// sentence, when one did (`lesson serve --class`); such a run fails.
    package var confinementLimit: String? = nil

    package init(
        lines: [OutputLine], exitCode: Int32?, signal: Int32?, elapsed: Double,
        timedOut: Bool, truncatedBytes: [StreamName: Int] = [:]
    ) {
        self.lines = lines
        self.exitCode = exitCode
        self.signal = signal
        self.elapsed = elapsed
        self.timedOut = timedOut
        self.truncatedBytes = truncatedBytes
    }

    /// The lines of one stream, in order.
    package func lines(of stream: StreamName) -> [OutputLine] {
        lines.filter { $0.stream == stream }
    }

    /// The text of one stream, lines joined with newlines.
    package func text(of stream: StreamName) -> String {
        lines(of: stream).map(\.text).joined(separator: "\n")
    }
}

/// The conventional name of a signal number, e.g. `SIGTRAP` for 5.
package func signalName(_ signal: Int32) -> String {
    let names: [Int32: String] = [
        1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT",
        7: "SIGBUS", 8: "SIGFPE", 9: "SIGKILL", 10: "SIGUSR1", 11: "SIGSEGV", 12: "SIGUSR2",
        13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM",
    ]
    return names[signal] ?? "signal \(signal)"
}
