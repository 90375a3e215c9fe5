import Foundation
import MovieSupport
import Synchronization
import Testing

/// The binding: prepare, bind, step, columns, transactions, errors with SQLite's message.
struct SQLiteTests {
    @Test func bindStepAndReadColumns() throws {
        let db = try SQLiteConnection(path: ":memory:")
        try db.execute("CREATE TABLE t (a INTEGER, b TEXT, c REAL)")
        let insert = try db.prepare("INSERT INTO t VALUES (?1, ?2, ?3)")
        for (number, text) in [(1, "één"), (2, "東京")] {
            try insert.bind(number, at: 1)
            try insert.bind(text, at: 2)
            try insert.bind(0.5, at: 3)
            #expect(try insert.step() == false)
            insert.reset()
        }
        try insert.bind(nil as Int?, at: 1)
        try insert.bind(nil as String?, at: 2)
        try insert.step()
        let select = try db.prepare("SELECT a, b, c FROM t ORDER BY rowid")
        var rows: [String] = []
        while try select.step() {
            rows.append(
                "\(select.int(0).map(String.init) ?? "nil") \(select.text(1) ?? "nil") \(select.double(2) ?? -1)")
        }
        #expect(rows == ["1 één 0.5", "2 東京 0.5", "nil nil 0.5"])
        #expect(select.columnCount == 3 && select.columnName(1) == "b")
        #expect(try db.scalar("SELECT count(*) FROM t") == 3)
    }

    @Test func errorsCarrySQLitesMessage() throws {
        let db = try SQLiteConnection(path: ":memory:")
        let missing = #expect(throws: SQLiteError.self) { try db.prepare("SELECT * FROM nope") }
        #expect(missing?.message == "no such table: nope")
        #expect(missing?.sql == "SELECT * FROM nope")
        try db.execute("CREATE TABLE u (x TEXT UNIQUE)")
        try db.execute("INSERT INTO u VALUES ('a')")
        let duplicate = #expect(throws: SQLiteError.self) { try db.execute("INSERT INTO u VALUES ('a')") }
        #expect(duplicate?.message == "UNIQUE constraint failed: u.x")
        #expect(duplicate.map { $0.code & 0xFF } == 19)
        let badPath = #expect(throws: SQLiteError.self) { try SQLiteConnection(path: "/nonexistent/dir/x.db") }
        #expect(badPath?.message.contains("unable to open database file") == true)
    }

    @Test func aThrowingTransactionRollsBack() throws {
        let db = try SQLiteConnection(path: ":memory:")
        try db.execute("CREATE TABLE t (a INTEGER)")
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try db.transaction {
                try db.execute("INSERT INTO t VALUES (1)")
                throw Stop()
            }
        }
        #expect(try db.scalar("SELECT count(*) FROM t") == 0)
        try db.transaction { try db.execute("INSERT INTO t VALUES (1)") }
        #expect(try db.scalar("SELECT count(*) FROM t") == 1)
    }

    @Test func everyActorCallRunsOnTheDatabaseThread() async throws {
        let database = MovieDatabase(path: ":memory:")
        #expect(!database.thread.isCurrentThread)
        let threads = Shared<Set<UInt>>([])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    let onThread = await database.runsOnDatabaseThread()
                    #expect(onThread)
                    let id = try await database.withConnection { _ in UInt(pthread_self()) }
                    threads.update { _ = $0.insert(id) }
                }
            }
            try await group.waitForAll()
        }
        #expect(threads.current.count == 1)
        #expect(try await database.count() == 0)
        await database.close()
    }
}
