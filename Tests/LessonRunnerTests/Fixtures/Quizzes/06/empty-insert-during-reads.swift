// expect failing: reading and inserting happen at the same time
// expect message: reading and inserting happen at the same time: reads after the first ran while no insert with rows was in progress
// A cheater's answer: it reads on a thread of its own, but reads and inserts take turns; an
// empty insert fired as each read starts makes the inserts look as if they overlapped it.
import Dispatch
import Foundation
import Synchronization

// MARK: Given. The checks hand your code the file and the table through these two
// protocols, and read each line with `parseTitle`; keep them as they are.

/// One row of `title.basics`: its nine columns, with `\N` (no value) as nil, or as no
/// genres.
struct Title: Sendable, Equatable {
    var tconst: String
    var titleType: String
    var primaryTitle: String
    var originalTitle: String
    var isAdult: Bool
    var startYear: Int?
    var endYear: Int?
    var runtimeMinutes: Int?
    var genres: [String]
}

/// The title in one line of the file (without its newline), or nil when the line is a
/// bad row: not nine tab-separated columns, an `isAdult` other than 0 or 1, or a year or
/// runtime that is neither digits nor `\N`.
func parseTitle(_ line: String) -> Title? {
    let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    guard columns.count == 9, !columns[0].isEmpty, columns[4] == "0" || columns[4] == "1" else { return nil }
    func number(_ text: String) -> Int?? {
        if text == "\\N" { return .some(nil) }
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let value = Int(text) else { return nil }
        return .some(value)
    }
    guard let startYear = number(columns[5]), let endYear = number(columns[6]),
        let runtime = number(columns[7])
    else { return nil }
    let genres = columns[8] == "\\N" ? [] : columns[8].split(separator: ",").map(String.init)
    return Title(
        tconst: columns[0], titleType: columns[1], primaryTitle: columns[2], originalTitle: columns[3],
        isAdult: columns[4] == "1", startYear: startYear, endYear: endYear, runtimeMinutes: runtime,
        genres: genres)
}

/// The decompressed `title.basics.tsv`, one block of lines at a time.
protocol TitleFile: Sendable {
    /// The next block of lines (a few hundred, without their newlines), or nil after the
    /// last one. The file's first line is its header. Reading a block BLOCKS the calling
    /// thread while the block is read and inflated, a good part of a second for the whole
    /// file: like any blocking call, it belongs on a thread of its own.
    func readLines() throws -> [String]?
}

/// The `titles` table, behind the database's own thread. The load runs in one transaction
/// with one prepared statement, which the table takes care of.
protocol TitleStore: Sendable {
    /// Inserts `rows`, at most 1,000 of them. Every call is a round trip to the database
    /// thread, however few rows it carries.
    func insert(_ rows: [Title]) async throws
}

/// What a load did.
struct LoadReport: Sendable {
    /// Rows inserted.
    var inserted: Int
    /// The line numbers of the bad rows, which were skipped (the header is line 1).
    var skippedLines: [Int]
}

// MARK: Your code.

/// Reads the next block on a thread of its own and resumes the caller with it.
func readOnAThread(_ file: any TitleFile) async throws -> [String]? {
    try await withCheckedThrowingContinuation { continuation in
        Thread {
            continuation.resume(with: Result { try file.readLines() })
        }.start()
    }
}

@MainActor
func load(_ file: any TitleFile, into store: any TitleStore) async throws -> LoadReport {
    var report = LoadReport(inserted: 0, skippedLines: [])
    var lineNumber = 0
    while true {
        Task { try? await store.insert([]) }
        guard let lines = try await readOnAThread(file) else { break }
        var batch: [Title] = []
        for line in lines {
            lineNumber += 1
            if lineNumber == 1 { continue }
            if let title = parseTitle(line) {
                batch.append(title)
            } else {
                report.skippedLines.append(lineNumber)
            }
        }
        if !batch.isEmpty {
            try await store.insert(batch)
            report.inserted += batch.count
        }
    }
    return report
}
