import Foundation
import LessonCore
import LessonRunner

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `lesson demo movies`: the capstone's finished API. The tool does not link SQLite or zlib;
/// it compiles this small program against the `MovieSupport` support library through the
/// build cache (once), then replaces itself with it.
enum MoviesDemo {
    /// The program: make the dataset, load it into SQLite, serve the API until Ctrl-C.
    static let source = """
        import Glibc
        import LessonSupport
        import MovieSupport

        /// Writes one line straight to standard output (unbuffered, also into a pipe).
        @Sendable func say(_ text: String) {
            var line = text + "\\n"
            line.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
        }

        let arguments = CommandLine.arguments
        let port = Int(arguments[1]) ?? 8000
        let rows = Int(arguments[2]) ?? MovieDataset.defaultRows
        let clock = Stopwatch()
        let path = try MovieDataset.ensure(rows: rows)
        say("dataset: \\(path) (\\(rows) rows, ready in \\(clock.elapsedText))")
        let database = MovieDatabase(path: ":memory:")
        let loading = Stopwatch()
        let report = try await BulkLoader.load(path, into: database)
        say("loaded \\(report.rows) rows into SQLite in \\(loading.elapsedText)")
        let server = HTTPServer(routes: MovieAPI(source: .sqlite(database), log: RequestLog.Sink(say)).routes)
        let bound = try await server.start(port: port)
        say(
            \"\"\"
            movie API on http://127.0.0.1:\\(bound); Ctrl-C stops
              /health                                   {"status":"ok"}
              /titles/tt0000003                         one title
              /titles?year=&genre=&type=&q=&limit=      a search (limit 1...1000, default 20)
              /genres                                   titles per genre
            try: curl -s 'localhost:\\(bound)/titles?year=1994&genre=Drama&limit=2'
            \"\"\")
        while true { try await Task.sleep(for: .seconds(3600)) }
        """

    /// Builds the program and runs it in place of this process; returns only on failure.
    static func run(port: Int, rows: Int) async -> Int32 {
        do {
            let workspace = try Workspace.discover()
            let toolchain = try Toolchain.locate()
            try workspace.createDirectory(workspace.cacheDirectory)
            // Ctrl-C while it builds stops the compiler too, as in every other command.
            Terminal.handleInterrupts(cacheDirectory: workspace.cacheDirectory)
            let cache = BuildCache(directory: workspace.cacheDirectory, toolchain: toolchain)
            writeStandardOutput("building the movie API (once; cached afterwards)...\n")
            let product = try await cache.build(
                BuildRequest(sources: [SourceFile(name: "movies-demo.swift", text: source)]))
            guard product.result.succeeded, let executable = product.executable else {
                let first = product.result.output.split(separator: "\n").first.map(String.init)
                CLI.printError(first ?? "cannot build the movie API")
                return CLI.Exit.toolFailure
            }
            setenv("LESSON_STATE_DIR", workspace.stateDirectory, 1)
            let arguments = [executable, "\(port)", "\(rows)"]
            var pointers = arguments.map { strdup($0) } + [nil]
            // An ignored signal stays ignored across exec: the program gets the default back,
            // so Ctrl-C stops it.
            signal(SIGINT, SIG_DFL)
            signal(SIGTERM, SIG_DFL)
            execv(executable, &pointers)
            CLI.printError("cannot start \(executable): \(String(cString: strerror(errno)))")
            return CLI.Exit.toolFailure
        } catch {
            CLI.printError("\(error)")
            return CLI.Exit.toolFailure
        }
    }
}
