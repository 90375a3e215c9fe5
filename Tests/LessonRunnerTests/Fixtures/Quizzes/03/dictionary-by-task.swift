// expect failing: child tasks of a request see its id
import Synchronization

/// The id of each task's request, keyed by the task: right for the task that called run,
/// and for nobody else, not even the child tasks it starts.
let requestIDs = Mutex<[Int: String]>([:])

enum RequestContext {
    private static var key: Int? {
        withUnsafeCurrentTask { $0?.hashValue }
    }

    static var id: String? {
        guard let key else { return nil }
        return requestIDs.withLock { $0[key] }
    }

    static func run<T: Sendable>(
        id: String, _ operation: @Sendable () async throws -> T
    ) async rethrows -> T {
        guard let key else { return try await operation() }
        let previous = requestIDs.withLock { ids in
            defer { ids[key] = id }
            return ids[key]
        }
        defer { requestIDs.withLock { $0[key] = previous } }
        return try await operation()
    }
}
