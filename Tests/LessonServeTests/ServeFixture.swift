import Foundation
import LessonCore
import LessonRunner
import LessonServe
import LessonSupport
import LoopbackTestSupport
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Every suite of this target that starts servers and runs snippets nests in here: one at a
/// time, and never beside another target's (see `OneTargetAtATime`).
@Suite(.serialized, .oneTargetAtATime) struct RealProcesses {}

/// A small workshop in a temporary directory, and a `lesson serve` app serving it on a free
/// loopback port. The build cache is shared by every test, so each snippet compiles once.
struct ServeFixture {
    /// The token every fixture server uses.
    static let token = ServeToken(text: String(repeating: "5e", count: 32))

    /// One build cache for the whole test run.
    static var cache: BuildCache { Fixtures.cache }

    /// The lesson every fixture holds: a timed snippet, a long sleeper that prints its pid,
    /// a snippet that does not compile, and `count` small numbered snippets for load tests.
    static func lesson(count: Int = 0) -> String {
        var text = """
            ---
            title: Serve fixture
            ---
            # Serve fixture

            Some prose.

            ```swift id=timed
            import Glibc
            print("start")
            usleep(300_000)
            print("tick")
            ```

            ```output
            [0.0s] start
            [0.3s] tick
            ```

            - In a list:

              ```swift id=sleeper
              import Glibc
              print("pid \\(getpid())")
              sleep(60)
              print("woke")
              ```

            ```swift id=broken
            let a = 1
            let b: String = a
            print(b)
            ```

            ```swift id=family
            import Glibc
            print("pid \\(getpid())")
            system("sleep 60 & echo child $!")
            sleep(60)
            ```

            ```swift id=shown skip
            print("display only")
            ```

            """
        for index in 0..<count {
            text += """

                ```swift id=n\(index)
                import Glibc
                print("n\(index) start \\(getpid())")
                usleep(100_000)
                print("n\(index) end")
                ```

                """
        }
        return text
    }

    /// The workshop's root.
    let root: String
    /// The served app.
    let app: ServeApp
    /// Its port.
    let port: Int

    /// Writes a fresh workshop and starts a server on it.
    static func start(
        count: Int = 0, author: Bool = false, width: Int = 2, maxBody: Int = 64 * 1024,
        configure: (inout ServeApp.Configuration) -> Void = { _ in }
    ) async throws -> ServeFixture {
        let root = NSTemporaryDirectory() + "lesson-serve-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root + "/Lessons", withIntermediateDirectories: true)
        try lesson(count: count).write(toFile: root + "/Lessons/01-fixture.md", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: root + "/Quizzes", withIntermediateDirectories: true)
        var configuration = ServeApp.Configuration(
            workshop: ServeWorkshop(workspace: Workspace(root: root, stateDirectory: root + "/.lesson")))
        configuration.token = token
        configuration.author = author
        configuration.width = width
        configuration.maxBody = maxBody
        configuration.watchInterval = .milliseconds(100)
        configure(&configuration)
        let app = try ServeApp(configuration: configuration, cache: cache)
        let port = try await app.start(port: 0)
        return ServeFixture(root: root, app: app, port: port)
    }

    /// The lesson file's path.
    var lessonPath: String { root + "/Lessons/01-fixture.md" }

    /// Stops the server and removes the workshop.
    func stop() {
        app.stop()
        try? FileManager.default.removeItem(atPath: root)
    }

    /// A client for this server, with valid credentials unless told otherwise.
    func client() -> TestClient { TestClient(port: port) }
}

/// An HTTP/1.1 client over a plain blocking socket that sends exactly the header fields a
/// test chooses: by default the right `Host`, the token, and for changes `Origin` and JSON.
struct TestClient {
    /// The server's port.
    let port: Int

    /// A whole response.
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    /// The fields a well-behaved page sends with `method`.
    func defaults(_ method: String) -> [String: String] {
        var fields = ["Host": "127.0.0.1:\(port)", "Authorization": "token \(ServeFixture.token.text)"]
        if method != "GET" {
            fields["Origin"] = "http://127.0.0.1:\(port)"
            fields["Content-Type"] = "application/json"
        }
        return fields
    }

    /// Sends one request (fields in `headers` replace the defaults; a nil value removes one)
    /// and reads the whole response.
    func send(
        _ method: String, _ target: String, headers: [String: String?] = [:], body: String = ""
    ) async throws -> Response {
        let connection = try await open(method, target, headers: headers, body: body)
        return await connection.readResponse()
    }

    /// Sends one request and returns the connection, to read a streamed response line by line.
    func open(
        _ method: String, _ target: String, headers: [String: String?] = [:], body: String = "",
        receiveTimeout: Double = 60
    ) async throws -> TestConnection {
        var fields = defaults(method)
        for (name, value) in headers { fields[name] = value }
        var request = "\(method) \(target) HTTP/1.1\r\n"
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) { request += "\(name): \(value)\r\n" }
        if !body.isEmpty || method != "GET" { request += "Content-Length: \(body.utf8.count)\r\n" }
        request += "Connection: close\r\n\r\n" + body
        let connection = try TestConnection(port: port, receiveTimeout: receiveTimeout)
        let bytes = request
        await offThePool { connection.send(bytes) }
        return connection
    }
}

/// Runs blocking socket calls on a thread of their own, never on the cooperative pool (whose
/// few threads the server under test needs to answer them).
func offThePool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: body()) }.start()
    }
}

/// One parsed JSON line of a stream.
struct Event: @unchecked Sendable {
    // Immutable after parsing; holds only JSON values.
    let fields: [String: Any]

    /// The field called `key`.
    subscript(key: String) -> Any? { fields[key] }
}

/// One client connection; used by one task at a time.
final class TestConnection: @unchecked Sendable {
    /// The socket.
    let fd: Int32
    private var buffer: [UInt8] = []
    private var closed = false
    /// When the latest read from the socket returned.
    private var lastRead = Date()

    /// Connects to 127.0.0.1:`port`.
    init(port: Int, receiveTimeout: Double = 60) throws {
        fd = try Loopback.connect(port: port, receiveTimeout: receiveTimeout)
    }

    deinit { Glibc.close(fd) }

    /// Sends all of `text`.
    func send(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent <= 0 { return }
            offset += sent
        }
    }

    /// Reads more bytes; false at the end of the stream (or on the receive timeout).
    private func fill() -> Bool {
        guard !closed else { return false }
        var chunk = [UInt8](repeating: 0, count: 16384)
        let count = recv(fd, &chunk, chunk.count, 0)
        if count <= 0 {
            closed = true
            return false
        }
        lastRead = Date()
        buffer += chunk[0..<count]
        return true
    }

    /// The status and header fields (names lowercased).
    func readHead() async -> (status: Int, headers: [String: String]) {
        await offThePool { self.readHeadBlocking() }
    }

    /// The next line of the body, without its newline; nil at the end.
    func readLine() async -> String? {
        await offThePool { self.readLineBlocking() }
    }

    /// The next JSON line of a stream; nil at the end.
    func readEvent() async -> Event? {
        await offThePool {
            self.readLineBlocking().map(Self.parse)
        }
    }

    /// The status, then every JSON line of the stream, each with the seconds from `start` to
    /// the moment the read that completed it returned. One thread of its own reads them all as
    /// they arrive, so a busy cooperative pool in the test process cannot delay the stamps.
    func readTimedStream(since start: Date) async -> (status: Int, events: [(at: Double, event: Event)]) {
        await offThePool {
            let status = self.readHeadBlocking().status
            var events: [(at: Double, event: Event)] = []
            while let line = self.readLineBlocking() {
                events.append((self.lastRead.timeIntervalSince(start), Self.parse(line)))
            }
            return (status, events)
        }
    }

    /// A JSON line as an event (`unparsed` when it is not a JSON object).
    private static func parse(_ line: String) -> Event {
        let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        return Event(fields: object ?? ["unparsed": line])
    }

    /// A whole response: head, then the body (by `Content-Length`, else until the end).
    func readResponse() async -> TestClient.Response {
        await offThePool { self.readResponseBlocking() }
    }

    private func readHeadBlocking() -> (status: Int, headers: [String: String]) {
        while true {
            if let end = find([13, 10, 13, 10]) {
                let text = String(decoding: buffer[0..<end], as: UTF8.self)
                buffer.removeFirst(end + 4)
                var lines = text.components(separatedBy: "\r\n")
                let status = Int(lines.removeFirst().split(separator: " ")[1]) ?? 0
                var headers: [String: String] = [:]
                for line in lines {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...]
                        .trimmingCharacters(in: .whitespaces)
                }
                return (status, headers)
            }
            if !fill() { return (0, [:]) }
        }
    }

    private func readLineBlocking() -> String? {
        while true {
            if let end = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[0..<end], as: UTF8.self)
                buffer.removeFirst(end + 1)
                return line
            }
            if !fill() { return nil }
        }
    }

    private func readResponseBlocking() -> TestClient.Response {
        let (status, headers) = readHeadBlocking()
        if let length = headers["content-length"].flatMap(Int.init) {
            while buffer.count < length, fill() {}
            let body = String(decoding: buffer.prefix(length), as: UTF8.self)
            buffer.removeFirst(min(length, buffer.count))
            return TestClient.Response(status: status, headers: headers, body: body)
        }
        while fill() {}
        return TestClient.Response(status: status, headers: headers, body: String(decoding: buffer, as: UTF8.self))
    }

    private func find(_ needle: [UInt8]) -> Int? {
        guard buffer.count >= needle.count else { return nil }
        for index in 0...(buffer.count - needle.count)
        where buffer[index..<(index + needle.count)].elementsEqual(needle) {
            return index
        }
        return nil
    }
}
