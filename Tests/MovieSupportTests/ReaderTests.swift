import Foundation
import MovieSupport
import Testing

/// The streaming reader: rows in order, bad rows reported by line, broken files never crash.
struct ReaderTests {
    static let good = "tt0000001\tmovie\tCafé Noir\tCafé Noir\t0\t1994\t\\N\t101\tCrime,Drama"

    @Test func parsesEveryColumn() throws {
        let title = try TitleReader.parse(Self.good).get()
        #expect(
            title
                == Title(
                    tconst: "tt0000001", titleType: "movie", primaryTitle: "Café Noir",
                    originalTitle: "Café Noir", isAdult: false, startYear: 1994, endYear: nil,
                    runtimeMinutes: 101, genres: ["Crime", "Drama"]))
        #expect(title.tsvLine == Self.good)
        let nulls = try TitleReader.parse("tt0000002\tshort\tX\tY\t1\t\\N\t\\N\t\\N\t\\N").get()
        #expect(nulls.startYear == nil && nulls.runtimeMinutes == nil && nulls.genres.isEmpty && nulls.isAdult)
    }

    @Test func badRowsAreSkippedWithTheirLineNumbers() throws {
        var invalid = Array(Fixture.tsv([Self.good]).dropLast())
        invalid += Array("\ntt0000003\tmovie\t".utf8) + [0xC3, 0x28] + Array("\tx\t0\t1990\t\\N\t90\tDrama\n".utf8)
        invalid += Array("tt0000004\tmovie\tShort row\t0\t1990\n".utf8)
        invalid += Array("tt0000005\tmovie\tA\tA\t0\tnineteen\t\\N\t90\tDrama\n".utf8)
        invalid += Array("tt0000006\tmovie\tA\tA\t2\t1990\t\\N\t90\tDrama\n".utf8)
        invalid += Array("tt0000007\tmovie\tLast\tLast\t0\t2001\t\\N\t90\tDrama\n".utf8)
        let path = try Fixture.gzip(invalid)
        let (titles, summary) = try TitleReader(path: path).readAll()
        #expect(titles.map(\.tconst) == ["tt0000001", "tt0000007"])
        #expect(summary.skipped == 4)
        #expect(
            summary.problems == [
                RowProblem(line: 3, message: "column primaryTitle is not valid UTF-8"),
                RowProblem(line: 4, message: "expected 9 tab-separated columns, found 5"),
                RowProblem(line: 5, message: "column startYear is not a number: 'nineteen'"),
                RowProblem(line: 6, message: "column isAdult is not 0 or 1: '2'"),
            ])
    }

    @Test func aTruncatedFileThrowsAfterTheRowsBeforeTheCut() throws {
        let source = try Fixture.dataset(rows: 20_000)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: source))
        let cut = try Fixture.directory() + "/cut.tsv.gz"
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: cut))
        var delivered = 0
        let error = #expect(throws: TitleFileError.self) {
            try TitleReader(path: cut).forEach { _ in
                delivered += 1
                return true
            }
        }
        #expect(error?.message.contains("truncated gzip data") == true)
        #expect(delivered > 5000 && delivered < 20_000)
        #expect(error?.line == delivered + 2)
        #expect(error?.description.hasPrefix("\(cut):\(delivered + 2): error: ") == true)
    }

    @Test func aCorruptFileThrowsInsteadOfCrashing() throws {
        let source = try Fixture.dataset(rows: 5000)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: source)))
        for index in stride(from: bytes.count / 2, to: bytes.count / 2 + 64, by: 1) { bytes[index] ^= 0x5A }
        let broken = try Fixture.directory() + "/broken.tsv.gz"
        try Data(bytes).write(to: URL(fileURLWithPath: broken))
        let error = #expect(throws: TitleFileError.self) {
            try TitleReader(path: broken).forEach { _ in true }
        }
        #expect(error?.message.contains("gzip") == true)
        #expect((error?.line ?? 0) > 1)
    }

    @Test func notGzipMissingAndWrongHeaderAreErrors() throws {
        let plain = try Fixture.directory() + "/plain.tsv.gz"
        try Data(Fixture.tsv([Self.good])).write(to: URL(fileURLWithPath: plain))
        let notGzip = #expect(throws: TitleFileError.self) { try TitleReader(path: plain).readAll() }
        #expect(notGzip?.message.contains("corrupt gzip data (incorrect header check)") == true)
        let missing = #expect(throws: TitleFileError.self) { try TitleReader(path: "/nonexistent.gz").readAll() }
        #expect(missing?.message == "cannot open /nonexistent.gz: No such file or directory")
        let noHeader = try Fixture.gzip(Array((Self.good + "\n").utf8))
        let header = #expect(throws: TitleFileError.self) { try TitleReader(path: noHeader).readAll() }
        #expect(header?.line == 1)
    }

    @Test func concatenatedMembersCRLFAndNoFinalNewline() throws {
        let path = try Fixture.directory() + "/multi.tsv.gz"
        let first = try GzipWriter(path: path + ".1")
        try first.write(Array((Title.header + "\r\n" + Self.good + "\n").utf8))
        try first.finish()
        let second = try GzipWriter(path: path + ".2")
        try second.write(Array(Self.good.replacingOccurrences(of: "tt0000001", with: "tt0000002").utf8))
        try second.finish()
        let joined =
            try Data(contentsOf: URL(fileURLWithPath: path + ".1"))
            + Data(contentsOf: URL(fileURLWithPath: path + ".2"))
        try joined.write(to: URL(fileURLWithPath: path))
        let (titles, summary) = try TitleReader(path: path).readAll()
        #expect(titles.map(\.tconst) == ["tt0000001", "tt0000002"])
        #expect(summary.lines == 3)
    }

    @Test func memoryIsBoundedByTheBufferNotTheFile() throws {
        // A 1 KiB buffer still reads 20,000 rows; a line longer than the buffer is an error.
        let path = try Fixture.dataset(rows: 20_000)
        let summary = try TitleReader(path: path, bufferSize: 1024).forEach { _ in true }
        #expect(summary.rows == 20_000)
        let long = try Fixture.gzip(Fixture.tsv([String(repeating: "x", count: 5000)]))
        let error = #expect(throws: TitleFileError.self) { try TitleReader(path: long, bufferSize: 1024).readAll() }
        #expect(error == TitleFileError(path: long, line: 2, message: "line longer than 1024 bytes"))
    }

    @Test func stoppingEarlyReadsNoFurther() throws {
        var seen = 0
        let summary = try TitleReader(path: Fixture.sample).forEach { _ in
            seen += 1
            return seen < 10
        }
        #expect(seen == 10 && summary.stoppedEarly && summary.lines == 11)
    }
}
