// expect failing: requests still run at the same time
// expect message: requests still run at the same time: closed their connection at the same time
// A learner's answer that serializes every close with one process-wide lock ("closing is
// not thread-safe in our driver").
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

// MARK: Your code.

/// The connection of one request, opened the first time some code of the request asks
/// for it, so a request that never touches the database never pays for a connection.
actor LazyConnection {
    private let database: any Database
    /// The opening in progress or done. It is stored before the first suspension, so a
    /// second caller that arrives while the first waits for `open()` finds it and waits
    /// for the same connection instead of opening another.
    private var opening: Task<any Connection, any Error>?

    init(database: any Database) {
        self.database = database
    }

    /// The request's connection, opened on first use. Every caller within one request
    /// gets the same connection.
    func get() async throws -> any Connection {
        if let opening {
            return try await opening.value
        }
        let task = Task { [database] in try await database.open() }
        opening = task
        return try await task.value
    }

    /// Ends the request: commits when it succeeded, otherwise rolls back; closes the
    /// connection in every case, also when commit or rollback throws. (`defer` cannot
    /// `await`, so the cleanup is spelled out on both paths.)
    func finish(succeeded: Bool) async throws {
        guard let opening, let connection = try? await opening.value else { return }
        do {
            if succeeded {
                try await connection.commit()
            } else {
                try await connection.rollback()
            }
        } catch {
            await CloseLock.shared.close(connection)
            throw error
        }
        await CloseLock.shared.close(connection)
    }
}

/// One lock for every close of the process: one close at a time, the others wait in line.
actor CloseLock {
    static let shared = CloseLock()
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func close(_ connection: any Connection) async {
        if busy {
            await withCheckedContinuation { waiting.append($0) }
        }
        busy = true
        await connection.close()
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
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
