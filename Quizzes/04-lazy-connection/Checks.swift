// Hidden checks for quiz 04: many requests at once against an instrumented database that
// counts every connection opened, committed, rolled back and closed.

/// What happened to one connection.
struct ConnectionRecord: Sendable {
    var commits = 0
    var rollbacks = 0
    var closes = 0
    var usedAfterClose = false
}

/// A fake database that takes a little time for everything and remembers everything.
final class InstrumentedDatabase: Database {
    let commitFails: Bool
    let records = Shared<[String: ConnectionRecord]>([:])
    private let counter = Shared(0)

    init(commitFails: Bool = false) {
        self.commitFails = commitFails
    }

    func open() async throws -> any Connection {
        try await Task.sleep(for: .milliseconds(100))
        let name = counter.update { count in
            count += 1
            return "connection-\(count)"
        }
        records.update { $0[name] = ConnectionRecord() }
        return InstrumentedConnection(name: name, database: self)
    }

    /// Changes the record of connection `name`.
    func note(_ name: String, _ change: @Sendable (inout ConnectionRecord) -> Void) {
        records.update { records in
            var record = records[name] ?? ConnectionRecord()
            if record.closes > 0 { record.usedAfterClose = true }
            change(&record)
            records[name] = record
        }
    }

    var opened: Int { records.value.count }
    var closed: Int { records.value.values.filter { $0.closes > 0 }.count }
    var leaked: [String] { records.value.filter { $0.value.closes == 0 }.keys.sorted(by: byNumber) }
}

/// Sorts `connection-2` before `connection-10`.
func byNumber(_ left: String, _ right: String) -> Bool {
    let number = { (name: String) in Int(name.split(separator: "-").last ?? "") ?? 0 }
    return number(left) < number(right)
}

/// The database's side of a fake connection.
struct InstrumentedConnection: Connection {
    let name: String
    let database: InstrumentedDatabase

    func commit() async throws {
        try await Task.sleep(for: .milliseconds(20))
        database.note(name) { $0.commits += 1 }
        if database.commitFails { throw DatabaseGone() }
    }

    func rollback() async throws {
        try await Task.sleep(for: .milliseconds(20))
        database.note(name) { $0.rollbacks += 1 }
    }

    func close() async {
        try? await Task.sleep(for: .milliseconds(10))
        database.note(name) { $0.closes += 1 }
    }
}

/// The error the instrumented database throws when a commit fails.
struct DatabaseGone: Error {}

/// The error a request's work throws in the checks that need a failing request.
struct RequestFailed: Error {}

/// Runs `count` requests at once. Each asks for the connection from `gets` child tasks at
/// the same time, then keeps working for `work` seconds, and returns the connection names
/// its child tasks got.
func runRequests(
    _ count: Int, gets: Int, database: InstrumentedDatabase, work: Double = 0,
    overlap: Overlap = Overlap(), fails: Bool = false
) async -> [Result<[String], any Error>] {
    await withTaskGroup(of: (Int, Result<[String], any Error>).self) { group in
        for request in 0..<count {
            group.addTask {
                let result = await Result { () async throws -> [String] in
                    try await handleRequest(database: database) { lazy in
                        let names = try await withThrowingTaskGroup(of: String.self) { children in
                            for _ in 0..<gets {
                                children.addTask { try await lazy.get().name }
                            }
                            var names: [String] = []
                            for try await name in children { names.append(name) }
                            return names
                        }
                        overlap.enter()
                        try? await Task.sleep(for: .milliseconds(Int(work * 1000)))
                        overlap.leave()
                        if fails { throw RequestFailed() }
                        return names
                    }
                }
                return (request, result)
            }
        }
        var results = [Result<[String], any Error>](repeating: .success([]), count: count)
        for await (request, result) in group { results[request] = result }
        return results
    }
}

extension Result where Failure == any Error {
    /// Runs an async throwing body and captures its outcome.
    init(_ body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}

/// Names as `connection-1, connection-2`.
func list(_ names: [String]) -> String {
    names.joined(separator: ", ")
}

let quizChecks: [QuizCheck] = [
    QuizCheck(
        "one connection per request",
        hint: """
            An actor runs one call at a time only until that call suspends. While the first \
            get() waits in open(), the next get() comes in, finds no connection yet and opens \
            another. Store the opening in progress (a Task) before the first await, and let \
            every later caller await that same task.
            """
    ) {
        let database = InstrumentedDatabase()
        let results = await runRequests(6, gets: 3, database: database)
        for case .failure(let error) in results {
            throw CheckFailure("a request threw \(error); all of them should succeed")
        }
        let split = results.compactMap { try? $0.get() }.filter { Set($0).count > 1 }
        try require(
            database.opened == 6 && split.isEmpty,
            """
            6 requests, each asking for the connection from 3 child tasks at once, opened \
            \(database.opened) connections; one per request is right.\
            \(split.first.map { " Within one request, get() handed out \(list(Set($0).sorted(by: byNumber)))." } ?? "")
            """)
    },
    QuizCheck(
        "every connection is closed",
        hint: """
            A connection that nothing refers to any more can never be closed: it leaks. Make \
            sure a request opens only the connection it keeps, and that finishing the request \
            closes it.
            """
    ) {
        let database = InstrumentedDatabase()
        _ = await runRequests(6, gets: 3, database: database)
        let leaked = database.leaked
        try require(
            leaked.isEmpty,
            """
            \(database.opened) connections were opened and \(database.closed) closed: \
            \(leaked.count) never closed (\(list(Array(leaked.prefix(4))))\(leaked.count > 4 ? ", …" : "")).
            """)
        let twice = database.records.value.filter { $0.value.closes > 1 }.keys.sorted(by: byNumber)
        try require(twice.isEmpty, "\(list(twice)) was closed more than once")
    },
    QuizCheck(
        "commits a successful request, and nothing else",
        hint: """
            Commit or roll back, never both: after a commit, the rollback must not run. Put \
            the rollback in the branch for failed requests.
            """
    ) {
        let database = InstrumentedDatabase()
        let results = await runRequests(4, gets: 1, database: database)
        for case .failure(let error) in results {
            throw CheckFailure("a request threw \(error); all of them should succeed")
        }
        for (name, record) in database.records.value.sorted(by: { byNumber($0.key, $1.key) }) {
            try require(
                record.commits == 1 && record.rollbacks == 0,
                """
                the request on \(name) succeeded, and its connection saw \(record.commits) \
                commit(s) and \(record.rollbacks) rollback(s); it should see 1 commit and no \
                rollback.
                """)
            try require(!record.usedAfterClose, "\(name) was used after it was closed")
        }
    },
    QuizCheck(
        "rolls back a failed request",
        hint: "When the work throws, roll back (no commit), close, and rethrow the work's error."
    ) {
        let database = InstrumentedDatabase()
        let results = await runRequests(3, gets: 1, database: database, fails: true)
        for result in results {
            guard case .failure(let error) = result else {
                throw CheckFailure("a request whose work threw returned normally; it should rethrow")
            }
            try require(
                error is RequestFailed, "a failed request threw \(error) instead of the work's own error")
        }
        for (name, record) in database.records.value.sorted(by: { byNumber($0.key, $1.key) }) {
            try require(
                record.commits == 0 && record.rollbacks == 1 && record.closes == 1,
                """
                the request on \(name) failed, and its connection saw \(record.commits) \
                commit(s), \(record.rollbacks) rollback(s) and \(record.closes) close(s); it \
                should see 1 rollback, then 1 close.
                """)
        }
    },
    QuizCheck(
        "closes the connection even when commit fails",
        hint: """
            `defer` cannot `await`, so it cannot close an actor's connection. Catch the error, \
            close, and rethrow: do { try await commit() } catch { await close(); throw error }.
            """
    ) {
        let database = InstrumentedDatabase(commitFails: true)
        let results = await runRequests(2, gets: 1, database: database)
        for result in results {
            guard case .failure = result else {
                throw CheckFailure("commit() threw, but the request returned normally; the error should surface")
            }
        }
        let leaked = database.leaked
        try require(
            leaked.isEmpty,
            "commit() threw, and then \(list(leaked)) \(leaked.count == 1 ? "was" : "were") never closed.")
    },
    QuizCheck(
        "requests still run at the same time",
        hint: """
            Fix the race inside one request, not across requests: a lock shared by every \
            request (a global actor, a static lock, a limit on requests in flight), even one \
            held only around open(), makes requests wait for each other.
            """
    ) {
        let database = InstrumentedDatabase()
        let overlap = Overlap()
        let (_, elapsed) = await measure {
            await runRequests(6, gets: 2, database: database, work: 0.3, overlap: overlap)
        }
        try require(
            overlap.peak == 6 && elapsed < 0.7,
            """
            6 independent requests (0.1 s to open, 0.3 s of work each) took \(seconds(elapsed)), \
            with at most \(overlap.peak) working at once. They share nothing, so all 6 should \
            open and work together and take about 0.4 s.
            """)
    },
    QuizCheck(
        "a request that never asks opens no connection",
        hint: """
            Lazy means opened on first use: open the connection in get(), the first time it is \
            called, not up front in handleRequest. A request that never calls get() should \
            have nothing to commit, roll back or close.
            """
    ) {
        let database = InstrumentedDatabase()
        let results = await runRequests(3, gets: 0, database: database)
        for case .failure(let error) in results {
            throw CheckFailure("a request threw \(error); all of them should succeed")
        }
        try require(
            database.opened == 0,
            """
            3 requests that never asked for the connection opened \(database.opened) \
            connection\(database.opened == 1 ? "" : "s"); they should open none.
            """)
    },
]
