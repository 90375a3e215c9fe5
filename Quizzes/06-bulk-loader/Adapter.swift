// Quiz 06, the answer's side: a file whose every block of lines is read from the judge
// (blocking the calling thread until the judge replies), a table whose every insert goes
// to the judge, and a /health that is answered on the main actor.

/// The judge's file. Each `readLines` blocks its thread for one round trip to the judge,
/// and tells the judge what kind of thread it blocks (`CallingThread`).
struct AdapterFile: TitleFile {
    func readLines() throws -> [String]? {
        let reply = try JudgeLink.shared.callBlocking("read", [CallingThread.current])
        return reply.first == "lines" ? Array(reply.dropFirst()) : nil
    }
}

/// The judge's table: every insert sends its rows, nine fields each, written the way the
/// file writes them (`\N` for nil, genres joined by commas).
struct AdapterStore: TitleStore {
    func insert(_ rows: [Title]) async throws {
        var fields: [String] = []
        fields.reserveCapacity(rows.count * 9)
        for row in rows {
            fields += [
                row.tconst, row.titleType, row.primaryTitle, row.originalTitle, row.isAdult ? "1" : "0",
                row.startYear.map(String.init) ?? "\\N", row.endYear.map(String.init) ?? "\\N",
                row.runtimeMinutes.map(String.init) ?? "\\N",
                row.genres.isEmpty ? "\\N" : row.genres.joined(separator: ","),
            ]
        }
        _ = try await JudgeLink.shared.call("insert", fields)
    }
}

/// Serves one request of the judge: `load` runs the answer's loader and returns the rows
/// it says it inserted, then the skipped line numbers; `health` answers once the main
/// actor (the server's loop) gets to it.
func quizAdapter(_ kind: String, _ arguments: [String]) async throws -> [String] {
    switch kind {
    case "health":
        await MainActor.run {}
        return ["ok"]
    default:
        let report = try await load(AdapterFile(), into: AdapterStore())
        return [String(report.inserted)] + report.skippedLines.map(String.init)
    }
}
