// expect failing: one connection per request
// MARK: Given. The checks hand your code an instrumented database through these two
// protocols; keep them as they are.

/// A database that can open connections. Opening one takes a while.
protocol Database: Sendable {
    /// Opens a new connection. Every connection opened must be closed exactly once.
    func open() async throws -> any Connection
}

/// One open connection to the database.
protocol Connection: Sendable {
    /// A name that tells connections apart, e.g. `connection-3`.
    var name: String { get }
    /// Makes the request's changes permanent.
    func commit() async throws
    /// Throws the request's changes away.
    func rollback() async throws
    /// Gives the connection back. Closing never fails.
    func close() async
}

// MARK: Checks again after the await and closes the extra connection: nothing leaks, but
// every request still opens as many connections as it has callers.

actor LazyConnection {
    private let database: any Database
    private var connection: (any Connection)?

    init(database: any Database) {
        self.database = database
    }

    func get() async throws -> any Connection {
        if let connection { return connection }
        let opened = try await database.open()
        if let connection {
            await opened.close()
            return connection
        }
        connection = opened
        return opened
    }

    func finish(succeeded: Bool) async throws {
        guard let connection else { return }
        do {
            if succeeded { try await connection.commit() } else { try await connection.rollback() }
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
    }
}
/// Handles one request: runs `work`, which may ask for the connection from several child
/// tasks at once, then commits or rolls back and closes the connection.
func handleRequest<T: Sendable>(
    database: any Database,
    _ work: @Sendable (LazyConnection) async throws -> T
) async throws -> T {
    let lazy = LazyConnection(database: database)
    let result: T
    do {
        result = try await work(lazy)
    } catch {
        try? await lazy.finish(succeeded: false)
        throw error
    }
    try await lazy.finish(succeeded: true)
    return result
}
