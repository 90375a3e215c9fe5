#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The subcommands `lesson` understands, and the exit codes of the contract.
enum CLI {
    /// Exit codes from the CLI contract.
    enum Exit {
        static let passed: Int32 = 0
        static let failed: Int32 = 1
        static let usage: Int32 = 2
        static let toolFailure: Int32 = 3
    }

    /// One subcommand: its name, a one-line summary for `lesson help`, and what it runs.
    struct Command: Sendable {
        let name: String
        let usage: String
        let run: @Sendable ([String]) async -> Int32
    }

    /// Every subcommand, in the order `lesson help` lists them.
    static let commands: [Command] = [
        // COMMANDS: each subcommand adds one line here.
        Command(name: "quiz", usage: QuizCommand.usage, run: QuizCommand.run),
        Command(name: "grade", usage: GradeCommand.usage, run: GradeCommand.run),
        Command(name: "site", usage: SiteCommand.usage, run: SiteCommand.run),
        Command(name: "list", usage: ListCommand.usage, run: ListCommand.run),
        Command(name: "run", usage: RunCommand.usage, run: RunCommand.run),
        Command(name: "bless", usage: BlessCommand.usage, run: BlessCommand.run),
        Command(
            name: "markdown", usage: "markdown [--batch]       render CommonMark from stdin to HTML on stdout",
            run: MarkdownCommand.run),
        Command(name: "demo", usage: "demo server|slow-api [--port N] [--delay S]", run: DemoCommand.run),
    ]

    /// Runs the subcommand named by the first argument.
    static func main(_ arguments: [String]) async -> Int32 {
        guard let name = arguments.first, name != "help", name != "--help", name != "-h" else {
            printUsage()
            return arguments.isEmpty ? Exit.usage : Exit.passed
        }
        guard let command = commands.first(where: { $0.name == name }) else {
            printError("unknown command '\(name)'")
            printUsage()
            return Exit.usage
        }
        return await command.run(Array(arguments.dropFirst()))
    }

    static func printUsage() {
        var text = "usage:\n"
        for command in commands { text += "  lesson \(command.usage)\n" }
        writeStandardError(text)
    }

    /// Prints `lesson: error: MESSAGE` on standard error.
    static func printError(_ message: String) {
        writeStandardError("lesson: error: \(message)\n")
    }
}

/// Writes text to standard error, unbuffered.
func writeStandardError(_ text: String) {
    writeAll(text, to: 2)
}

/// Writes text to standard output, unbuffered.
func writeStandardOutput(_ text: String) {
    writeAll(text, to: 1)
}

/// Writes every byte of `text` to a file descriptor, retrying short writes; gives up
/// silently when the descriptor is closed (a reader that went away is not an error).
private func writeAll(_ text: String, to descriptor: Int32) {
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
