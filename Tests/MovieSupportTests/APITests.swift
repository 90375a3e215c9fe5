import Foundation
import LessonSupport
import LoopbackTestSupport
import MovieSupport
import Synchronization
import Testing

/// The API over the workshop's server: routes, JSON, 400s, the middleware and its task-locals.
@Suite(.serialized) struct APITests {
    /// One raw HTTP exchange on a thread of its own (never blocking the cooperative pool, which
    /// the server needs too), so the test can send and see any header.
    static func exchange(_ port: Int, _ target: String, headers: [String] = []) async throws -> (
        status: Int, headers: [String: String], body: String
    ) {
        try await OwnThread.run { try blockingExchange(port, target, headers: headers) }
    }

    static func blockingExchange(_ port: Int, _ target: String, headers: [String] = []) throws -> (
        status: Int, headers: [String: String], body: String
    ) {
        let fd = try Loopback.connect(port: port, receiveTimeout: nil)
        defer { close(fd) }
        let request =
            (["GET \(target) HTTP/1.1", "Host: test", "Connection: close"] + headers)
            .joined(separator: "\r\n") + "\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count <= 0 { break }
            received += chunk[0..<count]
        }
        let text = String(decoding: received, as: UTF8.self)
        let parts = text.components(separatedBy: "\r\n\r\n")
        let head = parts[0].components(separatedBy: "\r\n")
        var fields: [String: String] = [:]
        for line in head.dropFirst() {
            let pair = line.split(separator: ":", maxSplits: 1)
            fields[String(pair[0])] = pair[1].trimmingCharacters(in: .whitespaces)
        }
        return (Int(head[0].split(separator: " ")[1]) ?? 0, fields, parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    /// Collected log lines.
    final class Lines: Sendable {
        private let lines = Mutex<[String]>([])
        var sink: RequestLog.Sink { RequestLog.Sink { line in self.lines.withLock { $0.append(line) } } }
        var all: [String] { lines.withLock { $0 } }
    }

    @Test func routesAnswerJSONAndRejectBadParameters() async throws {
        let database = MovieDatabase(path: ":memory:")
        _ = try await BulkLoader.load(Fixture.sample, into: database)
        let lines = Lines()
        let server = HTTPServer(routes: MovieAPI(source: .sqlite(database), log: lines.sink).routes)
        let port = try await server.start()
        defer { server.stop() }
        let health = try await Self.exchange(port, "/health")
        #expect(health.status == 200 && health.body == "{\"status\":\"ok\"}\n")
        let first = DatasetGenerator(seed: 7).titles(rows: 1)[0]
        let one = try await Self.exchange(port, "/titles/\(first.tconst)")
        #expect(one.status == 200 && one.body == first.json + "\n")
        #expect(one.headers["Content-Type"] == "application/json")
        #expect(try await Self.exchange(port, "/titles/tt9999999").body == "{\"error\":\"no title tt9999999\"}\n")
        #expect(try await Self.exchange(port, "/titles/tt9999999").status == 404)
        #expect(try await Self.exchange(port, "/titles/abc").status == 400)
        let search = try await Self.exchange(port, "/titles?type=movie&limit=2")
        let movies = DatasetGenerator(seed: 7).titles(rows: 300).filter { $0.titleType == "movie" }.prefix(2)
        #expect(search.body == "{\"count\":2,\"titles\":[\(movies.map(\.json).joined(separator: ","))]}\n")
        let bad = try await Self.exchange(port, "/titles?year=abc")
        #expect(bad.status == 400)
        #expect(bad.body == "{\"error\":\"year must be a whole number from 1870 to 2100, got 'abc'\"}\n")
        #expect(try await Self.exchange(port, "/titles?q=%zz").status == 400)
        let genres = try await Self.exchange(port, "/genres")
        #expect(genres.status == 200 && genres.body.hasPrefix("{\"genres\":[{\"genre\":"))
        let encoded = try await Self.exchange(port, "/titles?q=" + QueryString.encode("Ночной поезд") + "&limit=1")
        #expect(encoded.body.contains("Ночной поезд"))
        await database.close()
    }

    @Test func requestIdsAreAcceptedEchoedAndLogged() async throws {
        let lines = Lines()
        let server = HTTPServer(routes: MovieAPI(source: .blockingScan(path: Fixture.sample), log: lines.sink).routes)
        let port = try await server.start()
        defer { server.stop() }
        let given = try await Self.exchange(
            port, "/health", headers: ["X-Request-Id: order-42", "User-Agent: tester/1.0"])
        #expect(given.headers["X-Request-Id"] == "order-42")
        let invalid = try await Self.exchange(port, "/health", headers: ["X-Request-Id: not valid!"])
        let fresh = invalid.headers["X-Request-Id"] ?? ""
        #expect(fresh.count == 16 && fresh != "not valid!")
        let none = try await Self.exchange(port, "/titles?year=1999")
        let id = none.headers["X-Request-Id"] ?? ""
        #expect(id.count == 16 && id != fresh)
        let log = lines.all
        #expect(log.contains { $0.contains("req=order-42 GET /health 200") && $0.contains("agent=tester/1.0") })
        #expect(log.contains { $0.contains("req=order-42") && $0.contains("client=127.0.0.1:") })
        #expect(log.contains { $0.contains("req=\(id) search matched") })
        #expect(log.contains { $0.contains("req=\(id) GET /titles?year=1999 200") })
        #expect(log.allSatisfy { !$0.contains("req=-") })
    }

    @Test func concurrentRequestsSeeOnlyTheirOwnContext() async throws {
        // Each handler checks its id at three depths, across awaits and child tasks.
        let seen = Shared<[String: [String]]>([:])
        @Sendable func deep(_ level: Int) async -> String {
            try? await Task.sleep(for: .milliseconds(Int.random(in: 1...20)))
            return level == 0 ? RequestContext.id : await deep(level - 1)
        }
        let route = HTTPRoute.async(
            "/work",
            MovieAPI.middleware(log: .none) { _, _ in
                async let child = deep(3)
                let direct = await deep(2)
                let ids = [RequestContext.id, direct, await child]
                let mine = RequestContext.id
                seen.update { $0[mine] = ids }
                return .text("ok\n")
            })
        let server = HTTPServer(routes: [route])
        let port = try await server.start()
        defer { server.stop() }
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<12 {
                group.addTask { _ = try? await Self.exchange(port, "/work", headers: ["X-Request-Id: r\(index)"]) }
            }
        }
        let all = seen.current
        #expect(all.count == 12)
        for (id, ids) in all { #expect(ids == [id, id, id]) }
    }

    @Test func taskLocalsDoNotReachAThreadUnlessCarried() async throws {
        let info = RequestInfo(id: "abc123")
        let (plain, carried) = await RequestContext.$current.withValue(info) {
            let plain = await withCheckedContinuation { continuation in
                OwnThread.start(name: "plain") { continuation.resume(returning: RequestContext.current?.id) }
            }
            let work = RequestContext.carrying { RequestContext.current?.id }
            let carried = await withCheckedContinuation { continuation in
                OwnThread.start(name: "carried") { continuation.resume(returning: try? work()) }
            }
            return (plain, carried)
        }
        #expect(plain == nil)
        #expect(carried == "abc123")
        let offloaded = try await RequestContext.$current.withValue(info) {
            try await OwnThread.run { RequestContext.id }
        }
        #expect(offloaded == "abc123")
    }

    @Test func aBlockingScanStarvesHealthAndAnOffloadedOneDoesNot() async throws {
        let path = try Fixture.dataset(rows: 30_000)
        let data = try #require(FileManager.default.contents(atPath: path))
        let directory = NSTemporaryDirectory() + "movie-fifo-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }

        // Blocking: the scan reads a FIFO, so it holds the loop until the test feeds it. The
        // test asks /health only once the scan waits on the loop, and feeds it later: /health
        // can only answer after the feeding, however fast or slow the machine.
        let fifo = "\(directory)/titles.tsv.gz"
        #expect(mkfifo(fifo, 0o600) == 0)
        let order = Shared<[String]>([])
        let blocking = HTTPServer(routes: MovieAPI(source: .blockingScan(path: fifo), log: .none).routes)
        let base = "http://127.0.0.1:\(try await blocking.start())"
        async let scan = HTTPClient.get(base + "/titles?q=nothing-matches-this", timeout: .seconds(120))
        var writer: Int32 = -1
        #expect(
            await eventually {
                writer = open(fifo, O_WRONLY | O_NONBLOCK); return writer >= 0
            })
        async let health: Void = {
            _ = try? await HTTPClient.get(base + "/health", timeout: .seconds(120))
            order.update { $0.append("health") }
        }()
        try await Task.sleep(for: .milliseconds(300))  // how long /health waits before the feeding
        order.update { $0.append("fed") }
        _ = fcntl(writer, F_SETFL, 0)
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(writer, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
        close(writer)
        #expect(try await scan.status == 200)
        await health
        blocking.stop()
        #expect(order.current == ["fed", "health"], "blocking: \(order.current)")

        // Offloaded: the pool's only thread is held, so the scans cannot end; /health answers
        // meanwhile.
        let gate = Gate()
        let pool = ThreadPool(width: 1)
        pool.submit { gate.waitBlocking() }
        let offloaded = HTTPServer(routes: MovieAPI(source: .offloadedScan(path: path, pool: pool), log: .none).routes)
        let other = "http://127.0.0.1:\(try await offloaded.start())"
        async let scans: Void = withTaskGroup(of: Void.self) { group in
            for _ in 0..<3 {
                group.addTask {
                    _ = try? await HTTPClient.get(other + "/titles?q=nothing-matches-this", timeout: .seconds(120))
                }
            }
        }
        #expect(try await HTTPClient.get(other + "/health", timeout: .seconds(120)).status == 200)
        #expect(!gate.isOpen)
        gate.open()
        await scans
        offloaded.stop()
    }
}
