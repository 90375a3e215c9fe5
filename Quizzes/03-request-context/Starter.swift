/// The id of the request being handled.
nonisolated(unsafe) var currentRequestID: String? = nil

/// Where the code of a request finds the id of the request it belongs to.
enum RequestContext {
    /// The id of the request the calling code belongs to, or nil outside any request.
    static var id: String? {
        currentRequestID
    }

    /// Runs `operation` as the request `id`.
    static func run<T: Sendable>(
        id: String, _ operation: @Sendable () async throws -> T
    ) async rethrows -> T {
        currentRequestID = id
        return try await operation()
    }
}
