// expect failing: none
/// A correct answer written another way: a global TaskLocal object instead of the
/// @TaskLocal macro, and the operation run through a helper.
let requestIDs = TaskLocal<String?>(wrappedValue: nil)

enum RequestContext {
    static var id: String? { requestIDs.get() }

    static func run<T: Sendable>(
        id: String, _ operation: @Sendable () async throws -> T
    ) async rethrows -> T {
        try await bound(to: id, operation)
    }

    private static func bound<T: Sendable>(
        to id: String, _ operation: @Sendable () async throws -> T
    ) async rethrows -> T {
        try await requestIDs.withValue(id) { try await operation() }
    }
}
