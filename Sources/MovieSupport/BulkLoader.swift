/// Loads a `.tsv.gz` into SQLite as a pipeline: one thread inflates and parses, the
/// database thread inserts, and a bounded channel between them keeps memory flat.
public enum BulkLoader {
    /// What a load did, and how.
    public struct Report: Sendable, Equatable {
        /// Rows inserted.
        public var rows: Int
        /// Malformed rows skipped (with the first 100 reasons in `problems`).
        public var skipped: Int
        /// The first skipped rows and why.
        public var problems: [RowProblem]
        /// Batches sent through the channel.
        public var batches: Int
        /// The most batches that were ever waiting in the channel (at most its capacity).
        public var peakQueued: Int
        /// How many times the reader found the channel full and waited for the database.
        public var readerWaits: Int
    }

    /// Reads `path` on a thread of its own and inserts every row into `database` in batches of
    /// `batchSize`, with at most `capacity` batches in flight. One transaction, one prepared
    /// statement, indexes built afterwards. Throws `TitleFileError` (nothing is committed)
    /// if the file cannot be read to its end.
    public static func load(
        _ path: String, into database: MovieDatabase, batchSize: Int = 4096, capacity: Int = 4
    ) async throws -> Report {
        let channel = BoundedChannel<[Title]>(capacity: capacity)
        let reading = ReadResult()
        let size = max(1, batchSize)
        OwnThread.start(name: "tsv-reader") {
            var batch: [Title] = []
            batch.reserveCapacity(size)
            do {
                let summary = try TitleReader(path: path).forEach { title in
                    batch.append(title)
                    if batch.count == size {
                        guard channel.put(batch) else { return false }
                        reading.batches += 1
                        batch.removeAll(keepingCapacity: true)
                    }
                    return true
                }
                if !batch.isEmpty, channel.put(batch) { reading.batches += 1 }
                reading.summary = summary
                channel.finish()
            } catch {
                channel.finish(throwing: error)
            }
        }
        let rows = try await database.load(from: channel)
        let summary = reading.summary ?? ScanSummary()
        return Report(
            rows: rows, skipped: summary.skipped, problems: summary.problems, batches: reading.batches,
            peakQueued: channel.peakCount, readerWaits: channel.producerWaits)
    }

    /// The same load done the blocking way, on the calling thread: read, parse and insert one
    /// row after another. Fine in a script; on an event loop it stalls every request.
    public static func loadBlocking(_ path: String, into connection: SQLiteConnection) throws -> Int {
        try connection.execute(MovieDatabase.schema)
        let inserter = try TitleInserter(connection)
        let rows = try connection.transaction {
            var rows = 0
            try TitleReader(path: path).forEach { title in
                try inserter.insert(title)
                rows += 1
                return true
            }
            return rows
        }
        try connection.execute(MovieDatabase.indexes)
        return rows
    }

    /// What the reader thread hands back; written by it before `finish`, read after the load.
    private final class ReadResult: @unchecked Sendable {
        var batches = 0
        var summary: ScanSummary?
    }
}
