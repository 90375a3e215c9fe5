// The capstone's measurements, one subcommand each; scripts/bench-movies.sh runs them side
// by side and prints the table that goes into BENCHMARKS.md.
import Foundation
import Glibc
import LessonSupport
import MovieSupport
import Synchronization

/// The value after `--name` on the command line, or `fallback`.
func option(_ name: String, _ fallback: String) -> String {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: "--" + name), index + 1 < arguments.count else { return fallback }
    return arguments[index + 1]
}

/// The peak resident memory of this process so far, in MiB (`VmHWM` in /proc/self/status).
func peakMemoryMiB() -> Double {
    guard let file = fopen("/proc/self/status", "r") else { return -1 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("VmHWM:") {
            let digits = text.filter(\.isNumber)
            return (Double(digits) ?? 0) / 1024
        }
    }
    return -1
}

/// p50, p99 and max of `samples` in milliseconds.
func percentiles(_ samples: [Double]) -> String {
    let sorted = samples.sorted()
    guard !sorted.isEmpty else { return "no samples" }
    func at(_ fraction: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))] }
    return String(
        format: "p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d probes)", at(0.5) * 1000, at(0.99) * 1000,
        sorted.last! * 1000, sorted.count)
}

/// Probes `/health` every 5 ms until `until` says stop; returns each probe's latency in seconds.
func probeHealth(_ base: String, until done: @escaping @Sendable () -> Bool) async -> [Double] {
    var samples: [Double] = []
    while !done() {
        let stopwatch = Stopwatch()
        _ = try? await HTTPClient.get(base + "/health")
        samples.append(stopwatch.seconds)
        try? await Task.sleep(for: .milliseconds(5))
    }
    return samples
}

/// A flag one task sets and another polls.
final class Flag: Sendable {
    private let lock = Mutex(false)
    /// Raises the flag.
    func set() { lock.withLock { $0 = true } }
    /// Whether the flag is raised.
    var isSet: Bool { lock.withLock { $0 } }
}

/// The subcommand.
let command = CommandLine.arguments.dropFirst().first ?? "help"
/// Rows of the dataset to use.
let rows = Int(option("rows", "100000")) ?? 100_000
/// Where the benchmark's database files go.
let scratch = option("dir", "/tmp")

switch command {
case "generate":
    let stopwatch = Stopwatch()
    let seed = UInt64(option("seed", "\(MovieDataset.defaultSeed)")) ?? MovieDataset.defaultSeed
    let output = option("out", "")
    let path: String
    if output.isEmpty {
        path = try MovieDataset.ensure(rows: rows, seed: seed)
    } else {
        try DatasetGenerator(seed: seed).write(rows: rows, to: output)
        path = output
    }
    print("dataset \(path) (\(stopwatch.elapsedText))")

case "load":
    // The pipelined, non-blocking loader: reader thread -> bounded channel -> database thread.
    let path = try MovieDataset.ensure(rows: rows)
    let file = "\(scratch)/movie-bench-load.sqlite"
    unlink(file)
    let database = MovieDatabase(path: file)
    _ = try await database.count()
    let stopwatch = Stopwatch()
    let report = try await BulkLoader.load(path, into: database)
    let seconds = stopwatch.seconds
    print(
        String(
            format: "load: %d rows in %.3f s = %.0f rows/s (incl. gunzip, parse, indexes; peak queue %d batches)",
            report.rows, seconds, Double(report.rows) / seconds, report.peakQueued))

case "load-blocking":
    let path = try MovieDataset.ensure(rows: rows)
    let file = "\(scratch)/movie-bench-load-blocking.sqlite"
    unlink(file)
    let connection = try SQLiteConnection(path: file)
    let stopwatch = Stopwatch()
    let count = try BulkLoader.loadBlocking(path, into: connection)
    let seconds = stopwatch.seconds
    print(String(format: "load-blocking: %d rows in %.3f s = %.0f rows/s", count, seconds, Double(count) / seconds))

case "scan-memory":
    let path = try MovieDataset.ensure(rows: rows)
    let before = peakMemoryMiB()
    let stopwatch = Stopwatch()
    let summary = try TitleReader(path: path).forEach { _ in true }
    print(
        String(
            format: "scan %d rows: %.2f s, peak RSS %.1f MiB (%.1f MiB before the scan)", summary.rows,
            stopwatch.seconds, peakMemoryMiB(), before))

case "query":
    // The same year+genre query, answered by scanning the .tsv.gz and by SQLite with an index.
    let path = try MovieDataset.ensure(rows: rows)
    let file = "\(scratch)/movie-bench-query.sqlite"
    unlink(file)
    let database = MovieDatabase(path: file)
    _ = try await BulkLoader.load(path, into: database)
    let query = TitleQuery(year: 2001, genre: "Drama", limit: 1000)
    let repeats = Int(option("repeats", "5")) ?? 5
    var scanTimes: [Double] = []
    var sqlTimes: [Double] = []
    var scanAnswer: [Title] = []
    var sqlAnswer: [Title] = []
    for _ in 0..<repeats {
        let scanWatch = Stopwatch()
        scanAnswer = try TSVScan(path: path).search(query)
        scanTimes.append(scanWatch.seconds)
        let sqlWatch = Stopwatch()
        sqlAnswer = try await database.search(query)
        sqlTimes.append(sqlWatch.seconds)
    }
    let scan = scanTimes.sorted()[repeats / 2]
    let sql = sqlTimes.sorted()[repeats / 2]
    print(
        String(
            format:
                "query year=2001&genre=Drama: %d rows; TSV scan %.1f ms, SQLite %.2f ms: %.0fx faster; same answer: %@",
            sqlAnswer.count, scan * 1000, sql * 1000, scan / sql, scanAnswer == sqlAnswer ? "true" : "false"))
    print("plan: " + (try await database.plan(query)).joined(separator: "; "))

case "health":
    // /health p99 while a load or 10 heavy searches run, blocking and non-blocking.
    let path = try MovieDataset.ensure(rows: rows)
    let during = option("during", "load")
    let mode = option("mode", "nonblocking")
    let file = "\(scratch)/movie-bench-health.sqlite"
    unlink(file)
    let database = MovieDatabase(path: file)
    let pool = ThreadPool(width: Int(option("pool", "2")) ?? 2, name: "scan-pool")
    let api = MovieAPI(
        source: mode == "blocking" ? .blockingScan(path: path) : .offloadedScan(path: path, pool: pool),
        log: .none)
    var routes = api.routes
    routes.append(
        .async("/load") { _, _ in
            do {
                if mode == "blocking" {
                    _ = try BulkLoader.loadBlocking(path, into: SQLiteConnection(path: file + "-blocking"))
                } else {
                    _ = try await BulkLoader.load(path, into: database)
                }
                return .text("loaded\n")
            } catch {
                return .text("\(error)\n", status: 500)
            }
        })
    let server = HTTPServer(routes: routes)
    let base = "http://127.0.0.1:\(try await server.start())"
    let done = Flag()
    async let probes = probeHealth(base, until: { done.isSet })
    try await Task.sleep(for: .milliseconds(100))
    let stopwatch = Stopwatch()
    if during == "load" {
        _ = try await HTTPClient.get(base + "/load", timeout: .seconds(300))
    } else {
        await withTaskGroup(of: Void.self) { group in
            for year in 2000..<2010 {
                group.addTask {
                    _ = try? await HTTPClient.get(base + "/titles?year=\(year)&q=zzz", timeout: .seconds(300))
                }
            }
        }
    }
    let busy = stopwatch.seconds
    done.set()
    let samples = await probes
    server.stop()
    print(String(format: "health during %@ (%@, %.2f s): ", during, mode, busy) + percentiles(samples))

default:
    print("usage: movie-bench generate|load|load-blocking|scan-memory|query|health [--rows N]")
}
