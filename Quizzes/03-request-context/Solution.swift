/// Where the code of a request finds the id of the request it belongs to.
enum RequestContext {
    /// The value belongs to the task that bound it and to the child tasks it starts; any
    /// other task sees its own binding, or none.
    @TaskLocal private static var current: String?

    /// The id of the request the calling code belongs to, or nil outside any request.
    static var id: String? {
        current
    }

    /// Runs `operation` as the request `id`. The binding ends when `operation` returns or
    /// throws, and an outer request's id is visible again.
    static func run<T: Sendable>(
        id: String, _ operation: @Sendable () async throws -> T
    ) async rethrows -> T {
        try await $current.withValue(id) {
            try await operation()
        }
    }
}
