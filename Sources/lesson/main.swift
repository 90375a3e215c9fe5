import Glibc
import LessonConsole

/// The `lesson` command line: parse arguments, call the libraries, map results to exit codes.
/// Every subcommand is a function from its arguments to an exit status.
// First of all, before any other thread exists: no interrupt can be lost from here on.
Terminal.takeInterrupts()
// A closed output pipe is handled where output is written, not by dying on SIGPIPE.
signal(SIGPIPE, SIG_IGN)
PathHint.watch(commands: CLI.commands.map(\.name))
let arguments = Array(CommandLine.arguments.dropFirst())
let status = await CLI.main(arguments)
if let hint = PathHint.line() { writeStandardError(hint) }
Terminal.exit(status)
