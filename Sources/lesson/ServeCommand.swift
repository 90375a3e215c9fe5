import Foundation
import LessonConsole
import LessonCore
import LessonRunner
import LessonServe

/// `lesson serve [--port N] [--open] [--author] [--host ADDRESS]`: the site, live, on
/// 127.0.0.1. Prints the address with its token and serves until Ctrl-C, which stops every
/// run and every process it started. `--class ROSTER [--public-url URL]` hosts a room (see
/// `ClassServe`).
enum ServeCommand {
    /// Parses the arguments, starts the server and serves until interrupted.
    static func run(_ words: [String]) async -> Int32 {
        do {
            let arguments = try Arguments(
                words, flags: ["open", "author"], options: ["port", "host", "class", "public-url"])
            guard arguments.positional.isEmpty else { throw UsageError("'lesson serve' takes no lesson names") }
            let port = arguments.value("port").map { Int($0) ?? -1 } ?? 8714
            guard (0...65535).contains(port) else {
                throw UsageError("--port needs a port number from 0 to 65535 (0: any free port)")
            }
            let session = try Session.open()
            var configuration = ServeApp.Configuration(workshop: ServeWorkshop(workspace: session.workspace))
            configuration.author = arguments.has("author")
            if let token = ProcessInfo.processInfo.environment["LESSON_SERVE_TOKEN"], token.utf8.count >= 32 {
                configuration.token = ServeToken(text: token)
            }
            if let roster = arguments.value("class") {
                return try await serveClass(
                    roster: roster, arguments: arguments, port: port, session: session, configuration: configuration)
            }
            if arguments.value("public-url") != nil { throw UsageError("--public-url goes with --class ROSTER") }
            if let host = arguments.value("host"), host != "127.0.0.1" {
                configuration.host = host
                writeStandardError(
                    "lesson serve: warning: listening on \(host), not only on this machine's loopback address. "
                        + "Anyone who can reach \(host) and learns the token can run code as you.\n")
            }
            let app = try ServeApp(configuration: configuration, cache: session.runner.cache)
            _ = try await app.start(port: port)
            writeStandardOutput(
                "lesson serve: \(app.url)\n"
                    + "Open that address (it carries this session's token). Ctrl-C stops the server and every run.\n")
            if arguments.has("open") {
                let file = session.workspace.layout.serveOpenPage(port: app.port)
                try OpenFile.write(url: app.url, to: file)
                openBrowser(URL(fileURLWithPath: file).absoluteString)
            }
            // Serves until Ctrl-C; the interrupt handler ends every process and exits.
            while true { try await Task.sleep(for: .seconds(3600)) }
        } catch {
            return CLI.exitCode(for: error)
        }
    }

    /// `--class ROSTER`: checks the roster (exit 2 with every problem), that this machine can
    /// confine learners' code (exit 3 with the reason when it cannot: no class without
    /// confinement), then serves the room and prints, and writes to a file only its owner can
    /// read, one line per person: `instructor URL`, then `NAME URL` per learner.
    static func serveClass(
        roster: String, arguments: Arguments, port: Int, session: Session, configuration base: ServeApp.Configuration
    ) async throws -> Int32 {
        guard !arguments.has("author"), !arguments.has("open") else {
            throw UsageError("--class serves learners; it goes with neither --author nor --open")
        }
        var configuration = base
        if let text = arguments.value("public-url") {
            guard let origin = ClassRoom.publicOrigin(text) else {
                throw UsageError(
                    "--public-url needs an address like https://class.example.org (no path), not '\(text)'")
            }
            configuration.publicURL = origin
        }
        if let host = arguments.value("host") {
            guard configuration.publicURL != nil || !["0.0.0.0", "::", "[::]"].contains(host) else {
                throw UsageError(
                    "--host \(host) listens on every address; add --public-url http://ADDRESS:PORT with the address "
                        + "learners type, so that the printed URLs and the Host check name it")
            }
            configuration.host = host
        }
        let state = session.workspace.stateDirectory
        let fixed = ProcessInfo.processInfo.environment["LESSON_SERVE_TOKEN"].flatMap {
            $0.utf8.count >= 32 ? ServeToken(text: $0) : nil
        }
        do {
            configuration.classRoom = try ClassRoom.load(
                rosterPath: roster, stateDirectory: state, instructorToken: fixed)
        } catch let error as ClassRoom.RosterError {
            writeStandardError(error.description + "\n")
            return CLI.Exit.usage
        }
        if let reason = await LearnerJail.unavailableReason() {
            CLI.printError("cannot host a class here: \(reason)")
            return CLI.Exit.toolFailure
        }
        let app = try ServeApp(configuration: configuration, cache: session.runner.cache)
        _ = try await app.start(port: port)
        let lines = app.classLines
        let file = try ClassRoom.writeURLs(lines, stateDirectory: state)
        writeStandardOutput(lines.joined(separator: "\n") + "\n")
        writeStandardError(
            "lesson serve --class: \(lines.count - 1) learners on port \(app.port); these lines are also in "
                + "\(session.workspace.displayPath(file)) (only you can read it). Each URL carries its person's own token: "
                + "hand each learner their line. Ctrl-C stops the server and every run.\n")
        while true { try await Task.sleep(for: .seconds(3600)) }
    }

    /// Opens `url` (the private redirect file, never the tokened address) in a browser; says
    /// so when it cannot.
    static func openBrowser(_ url: String) {
        guard !Browser.open(url) else { return }
        writeStandardError("lesson serve: cannot open a browser here; open the address above yourself\n")
    }
}
