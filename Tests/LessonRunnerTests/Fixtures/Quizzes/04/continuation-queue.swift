// expect failing: none
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

// MARK: Another correct answer: callers that arrive while the connection is being opened
// wait in a queue of continuations.

actor LazyConnection {
    private let database: any Database
    private var connection: (any Connection)?
    private var opening = false
    private var waiting: [CheckedContinuation<any Connection, any Error>] = []

    init(database: any Database) {
        self.database = database
    }

    func get() async throws -> any Connection {
        if let connection { return connection }
        if opening {
            return try await withCheckedThrowingContinuation { waiting.append($0) }
        }
        opening = true
        do {
            let opened = try await database.open()
            connection = opened
            for waiter in waiting { waiter.resume(returning: opened) }
            waiting = []
            return opened
        } catch {
            opening = false
            for waiter in waiting { waiter.resume(throwing: error) }
            waiting = []
            throw error
        }
    }

    func finish(succeeded: Bool) async throws {
        guard let connection else { return }
        self.connection = nil
        var failure: (any Error)? = nil
        do {
            if succeeded { try await connection.commit() } else { try await connection.rollback() }
        } catch {
            failure = error
        }
        await connection.close()
        if let failure { throw failure }
    }
}

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
