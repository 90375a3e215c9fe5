import CSQLite

/// The titles in SQLite, owned by an actor that runs every call on its own thread.
///
/// The actor's executor is a `DatabaseThread`: SQLite's calls block (they read and write the
/// disk), and they block that one thread only. A request handler on the server's event loop
/// `await`s the actor and the loop serves other requests meanwhile; no thread of the
/// cooperative pool ever waits on the disk either. The connection opens on the database
/// thread at the first call.
public actor MovieDatabase {
    /// The executor (and thread) every call runs on.
    public nonisolated let thread: DatabaseThread
    /// The database file (or `:memory:`).
    public nonisolated let path: String
    private var openConnection: SQLiteConnection?
    private var statements: [String: SQLiteStatement] = [:]
    private var cachedGenres: [(genre: String, count: Int)]?

    /// The table every query reads: the nine columns of `title.basics`, numbers as integers.
    public static let schema = """
        CREATE TABLE IF NOT EXISTS titles (
            tconst TEXT NOT NULL, titleType TEXT NOT NULL, primaryTitle TEXT NOT NULL,
            originalTitle TEXT NOT NULL, isAdult INTEGER NOT NULL, startYear INTEGER,
            endYear INTEGER, runtimeMinutes INTEGER, genres TEXT)
        """
    /// The indexes, built after the load (a bulk insert is faster without them).
    public static let indexes = """
        CREATE UNIQUE INDEX IF NOT EXISTS titles_tconst ON titles(tconst);
        CREATE INDEX IF NOT EXISTS titles_year ON titles(startYear);
        CREATE INDEX IF NOT EXISTS titles_type ON titles(titleType);
        """
    /// The insert the loader prepares once and runs for every row.
    public static let insertSQL = "INSERT INTO titles VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"

    /// Creates the actor and its thread for the database at `path`; nothing is opened yet.
    public init(path: String) {
        self.path = path
        thread = DatabaseThread(name: "sqlite")
    }

    /// The executor that runs this actor's code: its dedicated thread.
    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        thread.asUnownedSerialExecutor()
    }

    /// The connection, opened on first use (on the database thread).
    public func connection() throws(SQLiteError) -> SQLiteConnection {
        if let openConnection { return openConnection }
        let connection = try SQLiteConnection(path: path)
        try connection.execute(Self.schema)
        openConnection = connection
        return connection
    }

    /// Runs `body` with the connection, on the database thread.
    public func withConnection<T: Sendable>(_ body: @Sendable (SQLiteConnection) throws -> T) throws -> T {
        try body(try connection())
    }

    /// Whether the code calling this runs on the database thread (true: it is isolated here).
    public func runsOnDatabaseThread() -> Bool {
        thread.isCurrentThread
    }

    /// The number of rows in `titles`.
    public func count() throws -> Int {
        try connection().scalar("SELECT count(*) FROM titles") ?? 0
    }

    /// Inserts every batch the channel delivers, in one transaction with one prepared
    /// statement, then commits and builds the indexes. Returns the number of rows.
    ///
    /// Between batches the actor waits on the channel, so other calls may run meanwhile.
    public func load(from channel: BoundedChannel<[Title]>) async throws -> Int {
        let connection = try connection()
        let inserter = try TitleInserter(connection)
        try connection.execute("BEGIN")
        var rows = 0
        do {
            while let batch = try await channel.take() {
                try inserter.insert(batch)
                rows += batch.count
            }
            try connection.execute("COMMIT")
        } catch {
            channel.cancel()
            try? connection.execute("ROLLBACK")
            throw error
        }
        try connection.execute(Self.indexes)
        cachedGenres = nil
        return rows
    }

    /// Deletes every title (and drops the indexes, so the next load is a fresh bulk load).
    public func reset() throws {
        let connection = try connection()
        try connection.execute(
            "DROP INDEX IF EXISTS titles_tconst; DROP INDEX IF EXISTS titles_year; "
                + "DROP INDEX IF EXISTS titles_type; DELETE FROM titles")
        cachedGenres = nil
    }

    /// The title with this `tconst`, or nil.
    public func title(_ tconst: String) throws -> Title? {
        let statement = try cached("SELECT * FROM titles WHERE tconst = ?1")
        defer { statement.reset() }
        try statement.bind(tconst, at: 1)
        return try statement.step() ? Self.title(statement) : nil
    }

    /// The first `query.limit` matching titles in `tconst` order: the same answer as
    /// `TSVScan.search`.
    public func search(_ query: TitleQuery) throws -> [Title] {
        let plan = Self.sql(for: query)
        let statement = try cached(plan.sql)
        defer {
            statement.reset()
            statement.clearBindings()
        }
        for (index, value) in plan.parameters.enumerated() {
            switch value {
            case .int(let number): try statement.bind(number, at: Int32(index + 1))
            case .text(let text): try statement.bind(text, at: Int32(index + 1))
            }
        }
        var titles: [Title] = []
        while try statement.step() { titles.append(Self.title(statement)) }
        return titles
    }

    /// What `EXPLAIN QUERY PLAN` says SQLite will do for `query` (e.g. whether it uses an index).
    public func plan(_ query: TitleQuery) throws -> [String] {
        let plan = Self.sql(for: query)
        let statement = try connection().prepare("EXPLAIN QUERY PLAN " + plan.sql)
        for (index, value) in plan.parameters.enumerated() {
            switch value {
            case .int(let number): try statement.bind(number, at: Int32(index + 1))
            case .text(let text): try statement.bind(text, at: Int32(index + 1))
            }
        }
        var lines: [String] = []
        while try statement.step() { lines.append(statement.text(3) ?? "") }
        return lines
    }

    /// How many titles have each genre, most first (ties by name), as `TSVScan.genreCounts`.
    public func genreCounts() throws -> [(genre: String, count: Int)] {
        if let cachedGenres { return cachedGenres }
        let statement = try connection().prepare(
            """
            WITH RECURSIVE split(genre, rest) AS (
                SELECT '', genres || ',' FROM titles WHERE genres IS NOT NULL
                UNION ALL
                SELECT substr(rest, 1, instr(rest, ',') - 1), substr(rest, instr(rest, ',') + 1)
                FROM split WHERE rest <> '')
            SELECT genre, count(*) FROM split WHERE genre <> '' GROUP BY genre
            """)
        var counts: [String: Int] = [:]
        while try statement.step() { counts[statement.text(0) ?? ""] = statement.int(1) ?? 0 }
        let sorted = GenreCount.sorted(counts)
        cachedGenres = sorted
        return sorted
    }

    /// Closes the connection and lets the database thread end.
    public func close() {
        statements = [:]
        openConnection = nil
        thread.shutdown()
    }

    private func cached(_ sql: String) throws -> SQLiteStatement {
        if let statement = statements[sql] { return statement }
        let statement = try connection().prepare(sql)
        statements[sql] = statement
        return statement
    }

    /// A bound value of a search.
    enum Parameter: Equatable {
        /// An integer parameter.
        case int(Int)
        /// A text parameter.
        case text(String)
    }

    /// The SQL for `query`: only the filters it uses, so SQLite can pick an index.
    static func sql(for query: TitleQuery) -> (sql: String, parameters: [Parameter]) {
        var conditions: [String] = []
        var parameters: [Parameter] = []
        func add(_ condition: String, _ value: Parameter) {
            parameters.append(value)
            conditions.append(condition.replacingPlaceholder(with: "?\(parameters.count)"))
        }
        if let year = query.year { add("startYear = ?", .int(year)) }
        if let type = query.type { add("titleType = ?", .text(type)) }
        if let genre = query.genre { add("instr(',' || genres || ',', ',' || ? || ',') > 0", .text(genre)) }
        if let text = query.text { add("instr(lower(primaryTitle), lower(?)) > 0", .text(text)) }
        var sql = "SELECT * FROM titles"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        parameters.append(.int(query.limit))
        sql += " ORDER BY tconst LIMIT ?\(parameters.count)"
        return (sql, parameters)
    }

    /// The title in the current row of a `SELECT *` on `titles`.
    static func title(_ statement: SQLiteStatement) -> Title {
        Title(
            tconst: statement.text(0) ?? "", titleType: statement.text(1) ?? "",
            primaryTitle: statement.text(2) ?? "", originalTitle: statement.text(3) ?? "",
            isAdult: statement.int(4) == 1, startYear: statement.int(5), endYear: statement.int(6),
            runtimeMinutes: statement.int(7),
            genres: statement.text(8).map { $0.split(separator: ",").map(String.init) } ?? [])
    }
}

/// The prepared `INSERT` of the bulk load, reused for every row.
///
/// Text is bound without a copy (`SQLITE_STATIC`): the bytes stay valid until the row is
/// stepped, and every parameter is bound again before the next step.
public final class TitleInserter {
    private let statement: SQLiteStatement

    private let multiple: SQLiteStatement
    /// Rows one step of the multi-row insert writes.
    public static let rowsPerStatement = 32

    /// Prepares the inserts on `connection` (which must have the `titles` table): one row, and
    /// `rowsPerStatement` rows at a time.
    public init(_ connection: SQLiteConnection) throws(SQLiteError) {
        statement = try connection.prepare(MovieDatabase.insertSQL)
        let row = "(" + Array(repeating: "?", count: 9).joined(separator: ", ") + ")"
        multiple = try connection.prepare(
            "INSERT INTO titles VALUES " + Array(repeating: row, count: Self.rowsPerStatement).joined(separator: ", "))
    }

    /// Inserts `titles`, `TitleInserter.rowsPerStatement` rows per step of the multi-row
    /// statement and the rest one by one.
    public func insert(_ titles: [Title]) throws(SQLiteError) {
        var index = 0
        let width = TitleInserter.rowsPerStatement
        while index + width <= titles.count {
            let handle = multiple.handle
            var code = SQLITE_OK
            for row in 0..<width {
                let title = titles[index + row]
                let base = Int32(row * 9)
                code |= bindCopy(handle, base + 1, title.tconst) | bindCopy(handle, base + 2, title.titleType)
                code |= bindCopy(handle, base + 3, title.primaryTitle) | bindCopy(handle, base + 4, title.originalTitle)
                code |= sqlite3_bind_int64(handle, base + 5, title.isAdult ? 1 : 0)
                code |= bindNumber(handle, base + 6, title.startYear) | bindNumber(handle, base + 7, title.endYear)
                code |= bindNumber(handle, base + 8, title.runtimeMinutes)
                code |=
                    title.genres.isEmpty
                    ? sqlite3_bind_null(handle, base + 9) : bindCopy(handle, base + 9, title.genreList!)
            }
            guard code == SQLITE_OK else { throw multiple.connection.error(code, sql: multiple.sql) }
            let step = sqlite3_step(handle)
            sqlite3_reset(handle)
            guard step == SQLITE_DONE else { throw multiple.connection.error(step, sql: multiple.sql) }
            index += width
        }
        while index < titles.count {
            try insert(titles[index])
            index += 1
        }
    }

    /// Inserts one title.
    public func insert(_ title: Title) throws(SQLiteError) {
        let handle = statement.handle
        var tconst = title.tconst
        var type = title.titleType
        var primary = title.primaryTitle
        var original = title.originalTitle
        var genres = title.genreList ?? ""
        let hasGenres = !title.genres.isEmpty
        func bind(_ index: Int32, _ text: UnsafeBufferPointer<UInt8>) -> Int32 {
            guard let base = text.baseAddress, text.count > 0 else {
                return sqlite3_bind_text(handle, index, "", 0, transient)
            }
            let bytes = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
            return sqlite3_bind_text(handle, index, bytes, Int32(text.count), nil)
        }
        func bind(_ index: Int32, _ number: Int?) -> Int32 {
            guard let number else { return sqlite3_bind_null(handle, index) }
            return sqlite3_bind_int64(handle, index, Int64(number))
        }
        let code = tconst.withUTF8 { tconst in
            type.withUTF8 { type in
                primary.withUTF8 { primary in
                    original.withUTF8 { original in
                        genres.withUTF8 { genreText in
                            var code = bind(1, tconst) | bind(2, type) | bind(3, primary) | bind(4, original)
                            code |= bind(5, title.isAdult ? 1 : 0) | bind(6, title.startYear)
                            code |= bind(7, title.endYear) | bind(8, title.runtimeMinutes)
                            code |= hasGenres ? bind(9, genreText) : sqlite3_bind_null(handle, 9)
                            guard code == SQLITE_OK else { return code }
                            let step = sqlite3_step(handle)
                            sqlite3_reset(handle)
                            return step == SQLITE_DONE ? SQLITE_OK : step
                        }
                    }
                }
            }
        }
        guard code == SQLITE_OK else { throw statement.connection.error(code, sql: statement.sql) }
    }
}

/// Binds `text` for SQLite to copy.
private func bindCopy(_ handle: OpaquePointer, _ index: Int32, _ text: String) -> Int32 {
    var text = text
    return text.withUTF8 { bytes in
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            return sqlite3_bind_text(handle, index, "", 0, transient)
        }
        let pointer = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
        return sqlite3_bind_text(handle, index, pointer, Int32(bytes.count), transient)
    }
}

/// Binds an integer, or NULL for nil.
private func bindNumber(_ handle: OpaquePointer, _ index: Int32, _ number: Int?) -> Int32 {
    guard let number else { return sqlite3_bind_null(handle, index) }
    return sqlite3_bind_int64(handle, index, Int64(number))
}

extension String {
    /// This string with its single `?` replaced by `placeholder`.
    fileprivate func replacingPlaceholder(with placeholder: String) -> String {
        guard let mark = firstIndex(of: "?") else { return self }
        return self[..<mark] + placeholder + self[index(after: mark)...]
    }
}
