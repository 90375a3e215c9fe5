import CSQLite

/// An error from SQLite: its result code and its own message (`sqlite3_errmsg`).
public struct SQLiteError: Error, Equatable, CustomStringConvertible {
    /// SQLite's (extended) result code, e.g. 1 for `SQLITE_ERROR`, 19 for a constraint.
    public var code: Int32
    /// SQLite's explanation, e.g. `no such table: nope`.
    public var message: String
    /// The statement that failed, when there was one.
    public var sql: String?

    /// Creates an error.
    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// `SQLite error CODE: MESSAGE (in: SQL)`.
    public var description: String {
        "SQLite error \(code): \(message)" + (sql.map { " (in: \($0))" } ?? "")
    }
}

/// The `SQLITE_TRANSIENT` destructor: SQLite copies the bound bytes before `bind` returns.
let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One open SQLite database: a small binding of our own over the system `libsqlite3`.
///
/// A connection is not `Sendable`: use it from one thread at a time. `MovieDatabase` owns one
/// and runs every call on its own dedicated thread.
public final class SQLiteConnection {
    /// The raw `sqlite3 *` handle.
    public let handle: OpaquePointer
    /// The file (or `:memory:`).
    public let path: String

    /// Opens (creating if needed) the database at `path`.
    public init(path: String) throws(SQLiteError) {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let handle { sqlite3_close_v2(handle) }
            throw SQLiteError(code: code, message: "cannot open \(path): \(message)")
        }
        sqlite3_extended_result_codes(handle, 1)
        self.handle = handle
        self.path = path
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// SQLite's message for the last failed call on this connection.
    public var lastMessage: String {
        String(cString: sqlite3_errmsg(handle))
    }

    /// The error for result `code`, with SQLite's message.
    func error(_ code: Int32, sql: String? = nil) -> SQLiteError {
        SQLiteError(code: code, message: lastMessage, sql: sql)
    }

    /// Runs one or more statements that return no rows (`CREATE`, `PRAGMA`, `BEGIN`...).
    public func execute(_ sql: String) throws(SQLiteError) {
        let code = sqlite3_exec(handle, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw error(code, sql: sql) }
    }

    /// Compiles one statement.
    public func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else { throw error(code, sql: sql) }
        return SQLiteStatement(handle: statement, connection: self, sql: sql)
    }

    /// Runs `body` inside `BEGIN`...`COMMIT`; rolls back and rethrows if it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Rows changed by the last `INSERT`, `UPDATE` or `DELETE`.
    public var changes: Int {
        Int(sqlite3_changes(handle))
    }

    /// The first column of the first row of `sql` as an integer (for `SELECT count(*)`).
    public func scalar(_ sql: String) throws(SQLiteError) -> Int? {
        let statement = try prepare(sql)
        guard try statement.step() else { return nil }
        return statement.int(0)
    }

    /// The SQLite library's version, e.g. `3.40.1`.
    public static var libraryVersion: String {
        String(cString: sqlite3_libversion())
    }
}

/// A compiled statement: bind parameters (1-based), step through rows, read columns
/// (0-based), reset, run again.
public final class SQLiteStatement {
    /// The raw `sqlite3_stmt *` handle.
    public let handle: OpaquePointer
    /// The connection it belongs to (kept alive as long as the statement).
    public let connection: SQLiteConnection
    /// The statement's text.
    public let sql: String

    /// Wraps a prepared statement of `connection`; `SQLiteConnection.prepare` makes these.
    init(handle: OpaquePointer, connection: SQLiteConnection, sql: String) {
        self.handle = handle
        self.connection = connection
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    private func check(_ code: Int32) throws(SQLiteError) {
        guard code == SQLITE_OK else { throw connection.error(code, sql: sql) }
    }

    /// Binds an integer, or NULL for nil, to parameter `index` (1-based).
    public func bind(_ value: Int?, at index: Int32) throws(SQLiteError) {
        if let value {
            try check(sqlite3_bind_int64(handle, index, Int64(value)))
        } else {
            try check(sqlite3_bind_null(handle, index))
        }
    }

    /// Binds a floating-point number to parameter `index`.
    public func bind(_ value: Double, at index: Int32) throws(SQLiteError) {
        try check(sqlite3_bind_double(handle, index, value))
    }

    /// Binds text (SQLite copies it), or NULL for nil, to parameter `index`.
    public func bind(_ value: String?, at index: Int32) throws(SQLiteError) {
        guard var text = value else {
            try check(sqlite3_bind_null(handle, index))
            return
        }
        let code = text.withUTF8 { bytes in
            sqlite3_bind_text(handle, index, bytes.baseAddress, Int32(bytes.count), transient)
        }
        try check(code)
    }

    /// Steps once: true when a row is ready to read, false when the statement is done.
    @discardableResult
    public func step() throws(SQLiteError) -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw connection.error(code, sql: sql)
        }
    }

    /// Makes the statement ready to run again (bindings stay unless cleared).
    public func reset() {
        sqlite3_reset(handle)
    }

    /// Sets every parameter back to NULL.
    public func clearBindings() {
        sqlite3_clear_bindings(handle)
    }

    /// The number of columns in a result row.
    public var columnCount: Int {
        Int(sqlite3_column_count(handle))
    }

    /// The name of result column `index`.
    public func columnName(_ index: Int32) -> String {
        String(cString: sqlite3_column_name(handle, index))
    }

    /// Whether column `index` of the current row is NULL.
    public func isNull(_ index: Int32) -> Bool {
        sqlite3_column_type(handle, index) == SQLITE_NULL
    }

    /// Column `index` of the current row as an integer, nil for NULL.
    public func int(_ index: Int32) -> Int? {
        isNull(index) ? nil : Int(sqlite3_column_int64(handle, index))
    }

    /// Column `index` of the current row as a number, nil for NULL.
    public func double(_ index: Int32) -> Double? {
        isNull(index) ? nil : sqlite3_column_double(handle, index)
    }

    /// Column `index` of the current row as text, nil for NULL.
    public func text(_ index: Int32) -> String? {
        guard let bytes = sqlite3_column_text(handle, index) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }
}
