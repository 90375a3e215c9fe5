import Foundation
import MovieSupport
import Testing

/// The generated dataset is IMDb's format exactly and the same for the same seed.
struct DatasetTests {
    @Test func sameSeedSameRowsOtherSeedOtherRows() {
        let one = DatasetGenerator(seed: 5).titles(rows: 500)
        let two = DatasetGenerator(seed: 5).titles(rows: 500)
        let other = DatasetGenerator(seed: 6).titles(rows: 500)
        #expect(one == two)
        #expect(one != other)
        #expect(one.count == 500)
    }

    @Test func committedSampleMatchesTheGenerator() throws {
        let (titles, summary) = try TitleReader(path: Fixture.sample).readAll()
        #expect(titles == DatasetGenerator(seed: 7).titles(rows: 300))
        #expect(summary.skipped == 0)
        #expect(summary.lines == 301)
    }

    @Test func linesHaveNineColumnsNullsAndCommaGenres() throws {
        let titles = DatasetGenerator(seed: 3).titles(rows: 5000)
        let lines = titles.map(\.tsvLine)
        #expect(lines.allSatisfy { $0.split(separator: "\t", omittingEmptySubsequences: false).count == 9 })
        #expect(lines.contains { $0.contains("\t\\N\t") })
        #expect(lines.contains { $0.hasSuffix("\t\\N") })
        #expect(
            titles.contains { $0.genres.count == 3 } && lines.contains { $0.split(separator: "\t")[8].contains(",") })
        #expect(titles.contains { $0.primaryTitle.unicodeScalars.contains { $0.value > 0x7F } })
        #expect(titles.contains { $0.originalTitle != $0.primaryTitle })
        let ids = titles.map(\.tconst)
        #expect(ids == ids.sorted() && Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.hasPrefix("tt") && $0.count == 9 })
    }

    @Test func typesYearsAndRuntimesAreRealistic() {
        let titles = DatasetGenerator(seed: 3).titles(rows: 5000)
        let types = Set(titles.map(\.titleType))
        #expect(types.isSubset(of: Set(DatasetGenerator.titleTypes.map(\.type))))
        #expect(types.count >= 8)
        let years = titles.compactMap(\.startYear)
        #expect(years.min()! >= 1894 && years.max()! <= 2025)
        #expect(years.filter { $0 >= 1990 }.count > years.count / 2)
        for title in titles {
            if let end = title.endYear {
                #expect(["tvSeries", "tvMiniSeries"].contains(title.titleType))
                #expect(end >= title.startYear!)
            }
            if title.titleType == "movie", let runtime = title.runtimeMinutes {
                #expect((62...190).contains(runtime))
            }
            #expect(title.genres.count <= 3)
            #expect(Set(title.genres).isSubset(of: Set(DatasetGenerator.genres)))
        }
    }

    @Test func ensureWritesOnceAndReusesTheFile() throws {
        let directory = try Fixture.directory()
        let path = try MovieDataset.ensure(rows: 50, seed: 1, in: directory)
        #expect(path.hasSuffix("/title.basics-50-1.tsv.gz"))
        let first = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        #expect(try MovieDataset.ensure(rows: 50, seed: 1, in: directory) == path)
        let second = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        #expect(first == second)
        #expect(try TitleReader(path: path).readAll().titles == DatasetGenerator(seed: 1).titles(rows: 50))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["title.basics-50-1.tsv.gz"])
    }

    @Test func theGzipFileIsWhatGunzipReads() throws {
        let path = try Fixture.dataset(rows: 100)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -dc '\(path)'"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let expected = ([Title.header] + DatasetGenerator(seed: 11).titles(rows: 100).map(\.tsvLine))
            .map { $0 + "\n" }.joined()
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: data, as: UTF8.self) == expected)
    }
}
