// `lesson demo movies`: the capstone's finished API. The `lesson` tool links neither SQLite
// nor zlib: it carries this file (embedded by the EmbedSources plugin), compiles it against
// the `MovieSupport` support library through its build cache, and runs it in its own place.
// A target of the package too, so that `swift build` type-checks it.
// Arguments: PORT ROWS [DATASET-FOLDER] (`lesson demo movies` passes the workshop's).
import Glibc
import LessonSupport
import MovieSupport

/// Writes one line straight to standard output (unbuffered, also into a pipe).
@Sendable func say(_ text: String) {
    var line = text + "\n"
    line.withUTF8 { _ = write(1, $0.baseAddress, $0.count) }
}

let arguments = CommandLine.arguments
let port = arguments.count > 1 ? Int(arguments[1]) ?? 8000 : 8000
let rows = arguments.count > 2 ? Int(arguments[2]) ?? MovieDataset.defaultRows : MovieDataset.defaultRows
let clock = Stopwatch()
let path = try MovieDataset.ensure(rows: rows, in: arguments.count > 3 ? arguments[3] : nil)
say("dataset: \(path) (\(rows) rows, ready in \(clock.elapsedText))")
let database = MovieDatabase(path: ":memory:")
let loading = Stopwatch()
let report = try await BulkLoader.load(path, into: database)
say("loaded \(report.rows) rows into SQLite in \(loading.elapsedText)")
let server = HTTPServer(routes: MovieAPI(source: .sqlite(database), log: RequestLog.Sink(say)).routes)
let bound = try await server.start(port: port)
say(
    """
    movie API on http://127.0.0.1:\(bound); Ctrl-C stops
      /health                                   {"status":"ok"}
      /titles/tt0000003                         one title
      /titles?year=&genre=&type=&q=&limit=      a search (limit 1...1000, default 20)
      /genres                                   titles per genre
    try: curl -s 'localhost:\(bound)/titles?year=1994&genre=Drama&limit=2'
    """)
while true { try await Task.sleep(for: .seconds(3600)) }
