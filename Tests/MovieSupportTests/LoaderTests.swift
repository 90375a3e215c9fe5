import Foundation
import MovieSupport
import Synchronization
import Testing

/// The bulk load, the channel's back-pressure, and SQL answering exactly as the scan does.
struct LoaderTests {
    @Test func theChannelNeverHoldsMoreThanItsCapacity() async throws {
        let channel = BoundedChannel<Int>(capacity: 3)
        let done = Shared(false)
        OwnThread.start(name: "producer") {
            for value in 0..<200 { channel.put(value) }
            done.update { $0 = true }
            channel.finish()
        }
        var received: [Int] = []
        while let value = try await channel.take() {
            received.append(value)
            // A slow consumer: the producer must wait rather than queue everything.
            if received.count % 20 == 0 { try await Task.sleep(for: .milliseconds(5)) }
        }
        #expect(received == Array(0..<200))
        #expect(channel.peakCount <= 3)
        #expect(channel.producerWaits > 0)
        #expect(done.current)
    }

    @Test func aFinishedChannelThrowsTheProducersError() async throws {
        struct Broken: Error {}
        let channel = BoundedChannel<Int>(capacity: 2)
        channel.put(1)
        channel.finish(throwing: Broken())
        #expect(try await channel.take() == 1)
        await #expect(throws: Broken.self) { try await channel.take() }
        let cancelled = BoundedChannel<Int>(capacity: 1)
        cancelled.cancel()
        #expect(cancelled.put(1) == false)
    }

    @Test func loadInsertsEveryRowExactly() async throws {
        let path = try Fixture.dataset(rows: 3000)
        let database = MovieDatabase(path: try Fixture.directory() + "/load.sqlite")
        let report = try await BulkLoader.load(path, into: database, batchSize: 100, capacity: 2)
        #expect(report.rows == 3000 && report.skipped == 0 && report.batches == 30)
        #expect(report.peakQueued <= 2)
        let stored = try await database.withConnection { connection in
            let statement = try connection.prepare("SELECT * FROM titles ORDER BY tconst")
            var lines: [String] = []
            while try statement.step() {
                lines.append(
                    (0..<9).map { statement.text(Int32($0)) ?? "\\N" }.joined(separator: "\t"))
            }
            return lines
        }
        #expect(stored == DatasetGenerator(seed: 11).titles(rows: 3000).map(\.tsvLine))
        let indexes = try await database.withConnection { connection in
            try connection.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'index'")
        }
        #expect(indexes == 3)
        await database.close()
    }

    @Test func aTruncatedFileLoadsNothing() async throws {
        let source = try Fixture.dataset(rows: 20_000)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: source))
        let cut = try Fixture.directory() + "/cut.tsv.gz"
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: cut))
        let database = MovieDatabase(path: ":memory:")
        let error = await #expect(throws: TitleFileError.self) {
            try await BulkLoader.load(cut, into: database, batchSize: 500)
        }
        #expect(error?.message.contains("truncated") == true)
        #expect(try await database.count() == 0)
        await database.close()
    }

    @Test func theBlockingLoadStoresTheSameRows() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        #expect(try BulkLoader.loadBlocking(Fixture.sample, into: connection) == 300)
        #expect(try connection.scalar("SELECT count(*) FROM titles WHERE genres IS NULL") ?? -1 > 0)
    }

    @Test func sqlAnswersEqualTheScan() async throws {
        let path = try Fixture.dataset(rows: 4000)
        let database = MovieDatabase(path: ":memory:")
        _ = try await BulkLoader.load(path, into: database)
        let scan = TSVScan(path: path)
        let queries = [
            TitleQuery(), TitleQuery(year: 2001), TitleQuery(genre: "Drama"), TitleQuery(type: "movie", limit: 1000),
            TitleQuery(year: 1999, genre: "Comedy", limit: 1000), TitleQuery(text: "lighthouse", limit: 500),
            TitleQuery(text: "ночной"), TitleQuery(text: "Ночной"),
            TitleQuery(year: 2020, type: "tvSeries", text: "the"),
            TitleQuery(genre: "Film-Noir", limit: 3), TitleQuery(year: 1870),
        ]
        for query in queries {
            let fromSQL = try await database.search(query)
            let fromScan = try scan.search(query)
            #expect(fromSQL == fromScan, "\(query)")
        }
        #expect(try await database.search(TitleQuery(year: 2001, genre: "Drama", limit: 1000)).count > 10)
        let sqlGenres = try await database.genreCounts()
        let scanGenres = try scan.genreCounts()
        #expect(sqlGenres.map(\.genre) == scanGenres.map(\.genre))
        #expect(sqlGenres.map(\.count) == scanGenres.map(\.count))
        for id in ["tt0000003", "tt0004000", "tt9999999"] {
            let fromSQL = try await database.title(id)
            #expect(fromSQL == (try scan.title(id)))
        }
        let plan = try await database.plan(TitleQuery(year: 2001, genre: "Drama"))
        #expect(plan.contains { $0.contains("titles_year") })
        await database.close()
    }
}
