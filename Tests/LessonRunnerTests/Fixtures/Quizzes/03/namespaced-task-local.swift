// expect failing: none
/// Another correct answer: the task-local lives in its own namespace and `run` passes the
/// operation straight to withValue.
enum Binding {
    @TaskLocal static var requestID: String? = nil
}

enum RequestContext {
    static var id: String? { Binding.requestID }

    static func run<T: Sendable>(
        id: String, _ operation: @Sendable () async throws -> T
    ) async rethrows -> T {
        try await Binding.$requestID.withValue(id, operation: operation)
    }
}
