// expect failing: requests at the same time never see each other's id; nothing leaks outside a request
/// A global that is put back after each request: right for one request at a time only.
nonisolated(unsafe) var currentRequestID: String? = nil

enum RequestContext {
    static var id: String? { currentRequestID }

    static func run<T: Sendable>(
        id: String, _ operation: @Sendable () async throws -> T
    ) async rethrows -> T {
        let outer = currentRequestID
        currentRequestID = id
        defer { currentRequestID = outer }
        return try await operation()
    }
}
