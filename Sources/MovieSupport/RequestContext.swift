import LessonSupport

/// Who is asking: the request's id, the client's address and its user agent.
public struct RequestInfo: Sendable, Equatable {
    /// The request id: the client's valid `X-Request-Id`, else a new one.
    public var id: String
    /// The client's address, e.g. `127.0.0.1:52814`.
    public var clientAddress: String
    /// The client's `User-Agent`, or `-`.
    public var userAgent: String

    /// Creates the info of one request.
    public init(id: String, clientAddress: String = "-", userAgent: String = "-") {
        self.id = id
        self.clientAddress = clientAddress
        self.userAgent = userAgent
    }
}

/// The request context as task-local values: set once by the middleware, readable by any
/// code the request's task runs, however deep, and invisible to every other request.
///
/// Task-local values follow tasks: child tasks (`async let`, task groups) and `Task {}`
/// inherit them, `Task.detached` does not, and a `Thread` you start yourself never sees
/// them, since it is not a task. `carrying` takes them along onto such a thread.
public enum RequestContext {
    /// The current request, or nil outside any request.
    @TaskLocal public static var current: RequestInfo?

    /// The current request id, or `-` outside any request.
    public static var id: String {
        current?.id ?? "-"
    }

    /// Whether `id` may be used as given: 1 to 64 letters, digits, `-`, `_` or `.`.
    public static func isValidID(_ id: String) -> Bool {
        (1...64).contains(id.utf8.count)
            && id.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                    UInt8(ascii: "."):
                    true
                default: false
                }
            }
    }

    /// A new random request id: 16 hex digits.
    public static func newID() -> String {
        let value = UInt64.random(in: .min ... .max)
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The context of `request`: its valid `X-Request-Id` or a new id, its peer address and
    /// its `User-Agent`.
    public static func info(for request: HTTPRequest) -> RequestInfo {
        let incoming = request.headers.first(named: "X-Request-Id")
        let id = incoming.flatMap { isValidID($0) ? $0 : nil } ?? newID()
        let address = request.remoteAddress.isEmpty ? "-" : request.remoteAddress
        return RequestInfo(id: id, clientAddress: address, userAgent: request.headers.first(named: "User-Agent") ?? "-")
    }

    /// `body` wrapped so that, wherever it runs (a thread of your own included), it sees the
    /// request context of the code that called `carrying`.
    public static func carrying<T>(_ body: @escaping @Sendable () throws -> T) -> @Sendable () throws -> T {
        let captured = current
        return { try $current.withValue(captured) { try body() } }
    }
}

/// Log lines that carry the current request's id, wherever they are written from.
public enum RequestLog {
    /// Where lines go; standard output unless replaced (tests and lessons collect them).
    public struct Sink: Sendable {
        /// Receives one complete line (no newline).
        public var write: @Sendable (String) -> Void

        /// Creates a sink from a function.
        public init(_ write: @escaping @Sendable (String) -> Void) {
            self.write = write
        }

        /// Prints each line.
        public static let standardOutput = Sink { print($0) }
        /// Drops every line.
        public static let none = Sink { _ in }
    }

    /// The sink for the current task (and its children); set it with `$sink.withValue`.
    @TaskLocal public static var sink: Sink = .standardOutput

    /// Writes `HH:MM:SS req=ID message`, the id read from the task-local context.
    public static func write(_ message: String) {
        sink.write(line(message))
    }

    /// The line `write` would write.
    public static func line(_ message: String) -> String {
        "\(TimeOfDay.now()) req=\(RequestContext.id) \(message)"
    }
}
