import Glibc
import LessonConsole

/// The subcommands `lesson` understands, and the exit codes of the contract.
enum CLI {
    /// Exit codes from the CLI contract.
    typealias Exit = Console.Exit

    /// One subcommand: its name, its arguments, what it does, and the function that runs it.
    struct Command: Sendable {
        let name: String
        let arguments: String
        let summary: String
        let run: @Sendable ([String]) async -> Int32

        /// `lesson NAME ARGUMENTS`, padded, then the summary.
        var usageLine: String {
            let synopsis = "lesson \(name) \(arguments)"
            let pad = max(1, 48 - synopsis.count)
            return synopsis + String(repeating: " ", count: pad) + summary
        }
    }

    /// Every subcommand, in the order `lesson help` lists them.
    static let commands: [Command] = [
        Command(
            name: "init", arguments: "DIR", summary: "write a new workshop: a sample lesson and quiz",
            run: InitCommand.run),
        Command(
            name: "list", arguments: "", summary: "lessons and quizzes, with their last result",
            run: ListCommand.run),
        Command(
            name: "run", arguments: "<lesson>... | --all", summary: "compile, run and check lessons",
            run: RunCommand.run),
        Command(
            name: "bless", arguments: "<lesson>", summary: "rewrite output blocks from an actual run",
            run: BlessCommand.run),
        Command(
            name: "exercise", arguments: "<lesson> [ID] [--hint N]",
            summary: "list a lesson's exercises / write one to a file to solve",
            run: ExerciseCommand.run),
        Command(
            name: "quiz", arguments: "[<quiz>] [--hint | --hints]",
            summary: "list quizzes / show one, create the answer file",
            run: QuizCommand.run),
        Command(
            name: "grade", arguments: "<quiz> [ANSWER.swift]",
            summary: "grade an answer; --json, --format F, --watch, --seed N",
            run: GradeCommand.run),
        Command(
            name: "class", arguments: "grade SUBMISSIONS | merge DIR...",
            summary: "grade a room into a gradebook; --out DIR, --jobs N, --shard K/N",
            run: ClassCommand.run),
        Command(
            name: "export", arguments: "--learner DIR",
            summary: "write the workshop without its solutions, for learners",
            run: ExportCommand.run),
        Command(
            name: "site", arguments: "[--out DIR] [--run|--no-run] [--class DIR]",
            summary: "render the static site (default site/)",
            run: SiteCommand.run),
        Command(
            name: "serve", arguments: "[--port N] [--open] [--author]",
            summary: "the site, live: edit, run, grade; --class ROSTER [--public-url URL] hosts a room",
            run: ServeCommand.run),
        Command(
            name: "markdown", arguments: "[--batch]", summary: "render CommonMark from stdin to HTML on stdout",
            run: MarkdownCommand.run),
        Command(
            name: "demo", arguments: "server|slow-api|movies",
            summary: "HTTP demos: blocking vs async (--port, --delay); the movie API (--port, --rows)",
            run: DemoCommand.run),
        Command(
            name: "doctor", arguments: "", summary: "check this machine: Swift version, C headers, confinement",
            run: DoctorCommand.run),
    ]

    /// Options of `lesson run`, listed under the commands.
    static let runOptions =
        "lesson run options: --snippet ID  --json  --repeat N  --jobs N  --trace FILE\n"
        + "  --solutions (exercises run their reference solutions)  --exercise ID (your exercises/NN-ID.swift)\n"
        + "Every command: --workshop DIR (default: the nearest directory at or above this one with Lessons/).\n"
        + "<lesson> is a number (04), a slug (gather), 04-gather or a path to a markdown file.\n"
        + "Exit codes: 0 passed, 1 a check failed, 2 bad usage or a malformed lesson, 3 a tool failure.\n"

    /// Runs the subcommand named by the first argument; `lesson COMMAND --help` and
    /// `lesson help COMMAND` print its usage. `--workshop DIR`, anywhere, names the workshop.
    static func main(_ words: [String]) async -> Int32 {
        var arguments: [String] = []
        var workshop: String?
        var remaining = words[...]
        while let word = remaining.popFirst() {
            if word == "--workshop" || word.hasPrefix("--workshop=") {
                let value = word == "--workshop" ? remaining.popFirst() : String(word.dropFirst("--workshop=".count))
                guard let value, !value.isEmpty else {
                    printError("option '--workshop' needs a directory")
                    return Exit.usage
                }
                workshop = value
            } else {
                arguments.append(word)
            }
        }
        return await Console.$workshop.withValue(workshop) { await main(parsed: arguments) }
    }

    /// Runs the subcommand of `arguments` (`--workshop` already taken out).
    private static func main(parsed arguments: [String]) async -> Int32 {
        if arguments.first == "help", arguments.count == 2 {
            return await main(parsed: [arguments[1], "--help"])
        }
        guard let name = arguments.first, name != "help", name != "--help", name != "-h" else {
            printUsage(to: arguments.isEmpty ? 2 : 1)
            return arguments.isEmpty ? Exit.usage : Exit.passed
        }
        guard let command = commands.first(where: { $0.name == name }) else {
            printError("unknown command '\(name)'")
            printUsage(to: 2)
            return Exit.usage
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            writeStandardOutput("usage: \(command.usageLine)\n" + (name == "run" ? runOptions : ""))
            return Exit.passed
        }
        return await command.run(rest)
    }

    static func printUsage(to descriptor: Int32 = 2) {
        var text = "usage: lesson <command> [arguments]\n\n"
        for command in commands { text += "  \(command.usageLine)\n" }
        text += "\n" + runOptions
        if descriptor == 1 { writeStandardOutput(text) } else { writeStandardError(text) }
    }

    static func printError(_ message: String) { Console.printError(message) }

    static func exitCode(for error: any Error) -> Int32 { Console.exitCode(for: error) }
}
