import LessonCore
import LessonRunner

/// What every terminal command shares: the contract's exit codes, the workshop `--workshop`
/// named, and how a thrown error is reported.
package enum Console {
    /// Exit codes from the CLI contract.
    package enum Exit {
        package static let passed: Int32 = 0
        package static let failed: Int32 = 1
        package static let usage: Int32 = 2
        package static let toolFailure: Int32 = 3
        package static let interrupted: Int32 = 130
    }

    /// The workshop `--workshop DIR` named for this command, if any: `Workspace.chosen()` and
    /// `Session.open()` ask it (no environment variable is set).
    @TaskLocal package static var workshop: String?

    /// Prints `lesson: error: MESSAGE` on standard error.
    package static func printError(_ message: String) {
        writeStandardError("lesson: error: \(message)\n")
    }

    /// Prints a thrown error the way its kind deserves and returns the contract's exit code.
    package static func exitCode(for error: any Error) -> Int32 {
        switch error {
        case let problems as ContentProblems:
            writeStandardError(problems.formatted)
            return Exit.usage
        case let usage as UsageError:
            printError(usage.description)
            return Exit.usage
        case let tool as ToolError:
            printError(tool.description)
            return Exit.toolFailure
        case is CancellationError:
            return Exit.interrupted
        default:
            printError("\(error)")
            return Exit.toolFailure
        }
    }
}

extension Session {
    /// The session of a terminal command: the workshop `--workshop` named (or the one found),
    /// with the interrupt handler installed and the compiler's version checked (failing at
    /// once, in one line, when it is older than the lessons need) before anything compiles.
    package static func open() throws -> Session {
        try open(workshop: Console.workshop) { workspace, toolchain in
            Terminal.handleInterrupts(cacheDirectory: workspace.cacheDirectory)
            try SwiftVersion.require(toolchain, cacheDirectory: workspace.cacheDirectory)
        }
    }
}

extension Workspace {
    /// The workspace of a terminal command: the one `--workshop` named, or the one found.
    package static func chosen() throws(UsageError) -> Workspace {
        try discover(workshop: Console.workshop)
    }
}
