import LessonConsole
import LessonCore
import LessonRunner

/// `lesson demo server|slow-api [--port N] [--delay S]`: runs one of the two server demos
/// until Ctrl-C.
enum DemoCommand {
    /// The two demos.
    enum Mode: String, Equatable {
        /// Five endpoints doing the same wait five ways (blocking, thread pool, async, offloaded).
        case server
        /// An app calling a slow external API with a blocking and with an async client.
        case slowAPI = "slow-api"
        /// The capstone's movie API on SQLite (built at run time against `MovieSupport`).
        case movies
    }

    /// What the command line asked for.
    struct Options: Equatable {
        /// Which demo to run.
        var mode: Mode
        /// The port of the demo app (0: any free port, shown in the banner).
        var port = 8000
        /// Seconds each endpoint (or external API call) waits.
        var delay = 1.0
        /// Rows of the movie dataset (`movies` only).
        var rows = 100_000
    }

    /// The usage line shown with errors and `--help`.
    static let usage =
        "usage: lesson demo server|slow-api [--port N] [--delay SECONDS] | lesson demo movies [--port N] [--rows N]"

    /// Runs the demo the arguments name; returns 0 after Ctrl-C, 2 for bad usage, 3 (a tool
    /// failure, in one line that names the port) when the port cannot be bound.
    static func run(_ words: [String]) async -> Int32 {
        let options: Options
        do {
            options = try parse(words)
        } catch {
            CLI.printError(error.description)
            writeStandardError(usage + "\n")
            return CLI.Exit.usage
        }
        if options.mode == .movies { return await MoviesDemo.run(port: options.port, rows: options.rows) }
        do {
            switch options.mode {
            case .server: try await DemoServers.blockingIO(port: options.port, delay: options.delay)
            case .slowAPI: try await DemoServers.slowAPI(port: options.port, delay: options.delay)
            case .movies: break
            }
            return CLI.Exit.passed
        } catch {
            CLI.printError("cannot listen on port \(options.port): \(error)")
            return CLI.Exit.toolFailure
        }
    }

    /// Parses `MODE [--port N] [--delay S]` (also `--port=N`, `--delay=S`, `--delay 250ms`)
    /// with the shared argument parser.
    static func parse(_ words: [String]) throws(UsageError) -> Options {
        guard let first = words.first else { throw UsageError("demo needs 'server', 'slow-api' or 'movies'") }
        guard let mode = Mode(rawValue: first) else { throw UsageError("unknown demo '\(first)'") }
        let arguments = try Arguments(
            Array(words.dropFirst()), flags: [], options: mode == .movies ? ["port", "rows"] : ["port", "delay"])
        guard arguments.positional.isEmpty else { throw UsageError("unexpected '\(arguments.positional[0])'") }
        var options = Options(mode: mode)
        if let text = arguments.value("port") {
            guard let port = Int(text), (0...65535).contains(port) else {
                throw UsageError("--port expects 0...65535, got '\(text)'")
            }
            options.port = port
        }
        if let text = arguments.value("rows") {
            guard let rows = Int(text), (1...10_000_000).contains(rows) else {
                throw UsageError("--rows expects 1...10000000, got '\(text)'")
            }
            options.rows = rows
        }
        if let text = arguments.value("delay") {
            // `1.5`, `1.5s` or `250ms`: the lessons' duration syntax, or plain seconds.
            guard let delay = parseDuration(text[...]) ?? Double(text), delay.isFinite, (0...3600).contains(delay)
            else { throw UsageError("--delay expects seconds (0...3600), got '\(text)'") }
            options.delay = delay
        }
        return options
    }
}
