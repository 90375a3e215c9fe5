import LessonSupport

/// The movie API on the workshop's HTTP server: `/health`, `/titles/{tconst}`,
/// `/titles?year=&genre=&type=&q=&limit=` and `/genres`, every answer JSON.
///
/// Every route goes through the request middleware (`MovieAPI.middleware`): the request id,
/// client address and user agent become task-local values, every log line carries the id,
/// and the response echoes `X-Request-Id`. Where the answers come from is `source`.
public struct MovieAPI: Sendable {
    /// Where the API reads titles from.
    public enum Source: Sendable {
        /// Scan the `.tsv.gz` on every request, right on the event loop: every other request
        /// waits until the scan ends (the first version of the story).
        case blockingScan(path: String)
        /// Scan the `.tsv.gz` on every request, on a thread of the pool, awaited: the loop
        /// keeps serving.
        case offloadedScan(path: String, pool: ThreadPool)
        /// Query SQLite through the database actor (its own thread).
        case sqlite(MovieDatabase)
    }

    /// Where answers come from.
    public var source: Source
    /// Where log lines go.
    public var log: RequestLog.Sink

    /// Creates the API over `source`, logging to `log`.
    public init(source: Source, log: RequestLog.Sink = .standardOutput) {
        self.source = source
        self.log = log
    }

    /// The routes to give an `HTTPServer`.
    public var routes: [HTTPRoute] {
        let api = self
        return [
            .async("/health", Self.middleware(log: log) { _, _ in .json("{\"status\":\"ok\"}\n") }),
            .async("/titles", Self.middleware(log: log) { request, loop in await api.search(request, loop) }),
            .async("/titles/*", Self.middleware(log: log) { request, loop in await api.title(request, loop) }),
            .async("/genres", Self.middleware(log: log) { request, loop in await api.genres(loop) }),
        ]
    }

    /// A handler run on the event loop.
    public typealias Handler = @Sendable (HTTPRequest, isolated EventLoop) async -> HTTPResponse

    /// The middleware: sets the task-local `RequestContext` and `RequestLog.sink` around
    /// `handler`, echoes `X-Request-Id`, and writes one access line per request.
    public static func middleware(log: RequestLog.Sink, _ handler: @escaping Handler) -> Handler {
        { request, loop in
            let info = RequestContext.info(for: request)
            let stopwatch = Stopwatch()
            let target = request.path + (request.query.map { "?" + $0 } ?? "")
            var response = await RequestLog.$sink.withValue(log) {
                await RequestContext.$current.withValue(info) {
                    await handler(request, loop)
                }
            }
            response.headers.append(HTTPHeader("X-Request-Id", info.id))
            RequestContext.$current.withValue(info) {
                log.write(
                    RequestLog.line(
                        "\(request.method) \(target) \(response.status) \(stopwatch.elapsedText) "
                            + "client=\(info.clientAddress) agent=\(info.userAgent)"))
            }
            return response
        }
    }

    /// A JSON error answer: `{"error":"MESSAGE"}`.
    public static func error(_ message: String, status: Int) -> HTTPResponse {
        .json("{\"error\":\(JSON.quoted(message))}\n", status: status)
    }

    /// Whether `text` looks like a tconst: `tt` and 7 or 8 digits.
    public static func isTconst(_ text: String) -> Bool {
        let digits = text.utf8.dropFirst(2)
        return text.hasPrefix("tt") && (7...8).contains(digits.count)
            && digits.allSatisfy { (0x30...0x39).contains($0) }
    }

    /// The parameters of `request`'s query string, or a 400 answer.
    static func parameters(_ request: HTTPRequest) -> Result<[(name: String, value: String)], QueryError> {
        Result { () throws(QueryError) in try QueryString.parse(request.query ?? "") }
    }

    /// `/titles?...`: the matching titles as `{"count":N,"titles":[...]}`, or a 400.
    func search(_ request: HTTPRequest, _ loop: isolated EventLoop) async -> HTTPResponse {
        let query: TitleQuery
        switch Self.parameters(request).flatMap(TitleQuery.from) {
        case .success(let parsed): query = parsed
        case .failure(let error): return Self.error(error.message, status: 400)
        }
        let result = await answer(loop) { scan in
            try scan.search(query)
        } sql: { db in
            try await db.search(query)
        }
        switch result {
        case .success(let titles):
            RequestLog.write("search matched \(titles.count)")
            return .json("{\"count\":\(titles.count),\"titles\":[\(titles.map(\.json).joined(separator: ","))]}\n")
        case .failure(let response): return response
        }
    }

    /// `/titles/{tconst}`: one title, a 404 when there is none, a 400 for a bad tconst.
    func title(_ request: HTTPRequest, _ loop: isolated EventLoop) async -> HTTPResponse {
        let tconst = String(request.path.dropFirst("/titles/".count))
        guard Self.isTconst(tconst) else {
            return Self.error("'\(tconst)' is not a tconst (tt and 7 or 8 digits)", status: 400)
        }
        let result = await answer(loop) { scan in
            try scan.title(tconst)
        } sql: { db in
            try await db.title(tconst)
        }
        switch result {
        case .success(let title?): return .json(title.json + "\n")
        case .success(nil): return Self.error("no title \(tconst)", status: 404)
        case .failure(let response): return response
        }
    }

    /// `/genres`: how many titles have each genre, most first.
    func genres(_ loop: isolated EventLoop) async -> HTTPResponse {
        let result = await answer(loop) { scan in
            try scan.genreCounts()
        } sql: { db in
            try await db.genreCounts()
        }
        switch result {
        case .success(let counts):
            let items = counts.map { "{\"genre\":\(JSON.quoted($0.genre)),\"count\":\($0.count)}" }
            return .json("{\"genres\":[\(items.joined(separator: ","))]}\n")
        case .failure(let response): return response
        }
    }

    /// A result, or the error response to send instead.
    enum Answer<T> {
        /// The value to answer with.
        case success(T)
        /// The error response to send instead.
        case failure(HTTPResponse)
    }

    /// Answers from the source: the scan on the loop, the scan on the pool, or SQLite.
    func answer<T: Sendable>(
        _ loop: isolated EventLoop, scan: @escaping @Sendable (TSVScan) throws -> T,
        sql: @Sendable (MovieDatabase) async throws -> T
    ) async -> Answer<T> {
        do {
            switch source {
            case .blockingScan(let path):
                return .success(try scan(TSVScan(path: path)))
            case .offloadedScan(let path, let pool):
                let work = RequestContext.carrying { try scan(TSVScan(path: path)) }
                return .success(try await pool.run(work))
            case .sqlite(let database):
                return .success(try await sql(database))
            }
        } catch {
            RequestLog.write("failed: \(error)")
            return .failure(Self.error("\(error)", status: 500))
        }
    }
}
