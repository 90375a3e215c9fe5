// expect failing: requests at the same time never see each other's id; nothing leaks outside a request; a request inside another sees its own id, then the outer one again
import Synchronization

/// Free of data races thanks to the lock, yet still one value for every request at once.
let requestID = Mutex<String?>(nil)

enum RequestContext {
    static var id: String? { requestID.withLock { $0 } }

    static func run<T: Sendable>(
        id: String, _ operation: @Sendable () async throws -> T
    ) async rethrows -> T {
        requestID.withLock { $0 = id }
        defer { requestID.withLock { $0 = nil } }
        return try await operation()
    }
}
