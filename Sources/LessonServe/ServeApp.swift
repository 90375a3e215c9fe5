import Foundation
import LessonCore
import LessonRunner
import LessonSite
import LessonSupport
import Synchronization

/// `lesson serve`: the workshop's site served live on loopback. Pages are rendered by
/// `LessonSite` from the workshop's files (again whenever a file changes); the JSON API keeps
/// edits, runs snippets with the same runner, cache and limits as `lesson run`, streams each
/// stamped line as it is printed, grades quiz answers check by check, and tells open pages
/// when a lesson changed on disk. Every request first passes `RequestGuard`.
package final class ServeApp: Sendable {
    /// How the server is set up.
    package struct Configuration: Sendable {
        /// The workshop served.
        package var workshop: ServeWorkshop
        /// The session's token.
        package var token: ServeToken = .random()
        /// The address bound; loopback unless `--host` says otherwise.
        package var host: String = "127.0.0.1"
        /// Whether pages offer "save to lesson".
        package var author: Bool = false
        /// Runs (and gradings) at once; the rest queue.
        package var width: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
        /// The largest request body accepted (413 beyond).
        package var maxBody: Int = 256 * 1024
        /// How often, at most, the workshop's files are checked for changes (when pages poll).
        package var watchInterval: Duration = .milliseconds(250)
        /// The most connections open at once; when all are taken, a new one takes the place
        /// of the one that has waited longest for a request.
        package var maxConnections: Int = 512
        /// How long a client may take to send a request, and the keep-alive idle limit.
        package var readTimeout: Duration = .seconds(30)

        /// A configuration for `workshop` with a fresh token.
        package init(workshop: ServeWorkshop) {
            self.workshop = workshop
        }
    }

    /// The configuration the server runs with.
    package let configuration: Configuration
    let runner: LessonRun
    let grader: Grader
    /// Admits runs and gradings.
    package let queue: RunQueue
    let edits: EditStore
    /// Which pages changed, for polling pages.
    let changes: ChangeFeed
    /// Held while a save rewrites a lesson file: saves happen one at a time.
    let saving = Mutex<Void>(())
    private let rules = Mutex<(guard: RequestGuard, pagePolicy: String)?>(nil)
    private let server = Mutex<HTTPServer?>(nil)
    /// The rendered site; held while it is rendered, so one render serves every request
    /// that waits for it.
    private let pages = Mutex<PageCache?>(nil)
    private let renders = Mutex<Int>(0)
    let work = Mutex<(next: Int, tasks: [Int: Task<Void, Never>], stopped: Bool)>((0, [:], false))

    /// The rendered site at one fingerprint of the workshop's files.
    private struct PageCache: Sendable {
        var fingerprint: [String: String]
        var files: [String: [UInt8]]
    }

    /// A server for `configuration` that builds with `cache`; throws when the grader's
    /// embedded kits cannot be read.
    package init(configuration: Configuration, cache: BuildCache) throws {
        self.configuration = configuration
        runner = LessonRun(cache: cache)
        grader = Grader(cache: cache, kits: try GraderKits.embedded())
        queue = RunQueue(width: configuration.width)
        edits = EditStore(stateDirectory: configuration.workshop.workspace.stateDirectory)
        changes = ChangeFeed(workshop: configuration.workshop, interval: configuration.watchInterval)
    }

    /// Binds and starts serving; returns the port.
    package func start(port: Int = 0) async throws -> Int {
        let http = HTTPServer(
            routes: [], host: configuration.host, readTimeout: configuration.readTimeout,
            maxConnections: configuration.maxConnections,
            threadPoolWidth: 8, maxBody: configuration.maxBody,
            fallback: .streaming { [weak self] request, stream in
                guard let self else { return stream.respond(.text("stopping\n", status: 503)) }
                self.handle(request, stream)
            })
        let bound = try await http.start(port: port)
        let extra = configuration.host == "127.0.0.1" ? [] : [configuration.host]
        let policy = ContentSecurityPolicy.page(
            inlineScripts: ServeScript.inlineScripts,
            scriptFiles: ["http://\(configuration.host):\(bound)/search-index.js"])
        rules.withLock { $0 = (RequestGuard(token: configuration.token, port: bound, extraHosts: extra), policy) }
        server.withLock { $0 = http }
        return bound
    }

    /// The bound port (0 before `start`).
    package var port: Int { rules.withLock { $0?.guard.port } ?? 0 }

    /// The address to open: the server's URL with the token.
    package var url: String {
        let host = configuration.host == "127.0.0.1" ? "127.0.0.1" : configuration.host
        return "http://\(host):\(port)/?token=\(configuration.token.text)"
    }

    /// Stops every run and grading (their processes are killed), ends every stream and closes
    /// the server. Returns once the sockets are closed.
    package func stop() {
        let tasks = work.withLock { state in
            state.stopped = true
            let tasks = Array(state.tasks.values)
            state.tasks = [:]
            return tasks
        }
        for task in tasks { task.cancel() }
        let http = server.withLock { server in
            let http = server
            server = nil
            return http
        }
        http?.stop()
    }

    /// The runs and gradings going on now.
    package var activeTasks: Int { work.withLock { $0.tasks.count } }

    /// The client connections open now.
    package var openConnections: Int { server.withLock { $0 }?.openConnections ?? 0 }

    /// How many times the site has been rendered.
    package var renderCount: Int { renders.withLock { $0 } }

    // MARK: - Dispatch

    private func handle(_ request: HTTPRequest, _ stream: HTTPStream) {
        guard let (rules, policy) = rules.withLock({ $0 }) else {
            return stream.respond(.text("starting\n", status: 503))
        }
        switch rules.check(request) {
        case .deny(let status, let reason):
            // Streamed, so the connection closes after it: a refused client holds no slot.
            var head = Self.secured(HTTPResponse(status: status))
            head.headers.append(HTTPHeader("Content-Type", "text/plain; charset=utf-8"))
            guard stream.begin(head) else { return }
            stream.send(Array((reason + "\n").utf8))
            stream.finish()
        case .exchange(let location, let cookie):
            let target = HTML.attribute(location)
            let html =
                "<!doctype html>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"refresh\" content=\"0;url=\(target)\">\n"
                + "<title>lesson serve</title>\n<p><a href=\"\(target)\">Continue to the workshop</a></p>\n"
            var response = Self.file(html, type: "text/html; charset=utf-8")
            response.headers.append(HTTPHeader("Set-Cookie", cookie))
            stream.respond(Self.secured(response, policy: ContentSecurityPolicy.none))
        case .allow(let path):
            route(request, path.segments, stream, policy: policy)
        }
    }

    private func route(_ request: HTTPRequest, _ segments: [String], _ stream: HTTPStream, policy: String) {
        let method = request.method
        /// The words at `*` when the segments fit `pattern`, else nil.
        func match(_ pattern: String...) -> [String]? {
            guard pattern.count == segments.count else { return nil }
            var captured: [String] = []
            for (expected, segment) in zip(pattern, segments) {
                if expected == "*" {
                    captured.append(segment)
                } else if expected != segment {
                    return nil
                }
            }
            return captured
        }
        if segments.isEmpty, method == "GET" {
            return page("index.html", stream, policy: policy)
        } else if segments.count == 1, segments[0] != "api", method == "GET" {
            return page(segments[0], stream, policy: policy)
        } else if match("api", "changes") != nil, method == "GET" {
            let since = RequestGuard.queryValue("since", in: request.query).flatMap { Int($0) }
            return stream.respond(Self.json(changes.changes(since: since)))
        } else if match("api", "highlight") != nil, method == "POST" {
            guard let code = ServeMessages.decode(ServeMessages.Code.self, from: request.body)?.code else {
                return stream.respond(Self.error(400, "the body must be {\"code\": \"…\"}"))
            }
            return stream.respond(Self.json(["html": SwiftHighlighter.html(code)]))
        } else if let words = match("api", "lessons", "*", "snippets", "*") {
            switch method {
            case "GET": return stream.respond(snippetState(words[0], words[1]))
            case "PUT": return stream.respond(storeEdit(words[0], words[1], request.body))
            case "DELETE": return stream.respond(resetEdit(words[0], words[1]))
            default: break
            }
        } else if let words = match("api", "lessons", "*", "snippets", "*", "run"), method == "POST" {
            return run(words[0], words[1], request.body, stream)
        } else if let words = match("api", "lessons", "*", "snippets", "*", "save"), method == "POST" {
            return stream.respond(saveToLesson(words[0], words[1], request.body))
        } else if let words = match("api", "quizzes", "*"), method == "GET" {
            return stream.respond(answerState(words[0]))
        } else if let words = match("api", "quizzes", "*", "answer") {
            switch method {
            case "PUT": return stream.respond(storeAnswer(words[0], request.body))
            case "DELETE": return stream.respond(resetAnswer(words[0]))
            default: break
            }
        } else if let words = match("api", "quizzes", "*", "grade"), method == "POST" {
            return grade(words[0], stream)
        } else if let words = match("api", "quizzes", "*", "hints", "*"), method == "GET" {
            return stream.respond(hint(words[0], words[1]))
        }
        stream.respond(Self.secured(.text("not found\n", status: 404)))
    }

    // MARK: - Pages

    private func page(_ name: String, _ stream: HTTPStream, policy: String) {
        if name == "serve.css" {
            return stream.respond(Self.secured(Self.file(ServeScript.css, type: "text/css; charset=utf-8")))
        }
        let files = site()
        guard let bytes = files[name] else {
            return stream.respond(Self.secured(.text("not found\n", status: 404)))
        }
        var response = HTTPResponse(body: bytes)
        if name.hasSuffix(".html") {
            response.headers.append(HTTPHeader("Content-Type", "text/html; charset=utf-8"))
            return stream.respond(Self.secured(response, policy: policy))
        }
        // The site's only script file is its search index; anything else is served as data.
        let type =
            name.hasSuffix(".css")
            ? "text/css; charset=utf-8"
            : name.hasSuffix(".js") ? "text/javascript; charset=utf-8" : "application/octet-stream"
        response.headers.append(HTTPHeader("Content-Type", type))
        stream.respond(Self.secured(response))
    }

    /// The site's files, rendered again when a workshop file changed since the last time.
    /// Requests that arrive while it renders wait for that render instead of starting their own.
    private func site() -> [String: [UInt8]] {
        let workshop = configuration.workshop
        return pages.withLock { cache in
            let fingerprint = workshop.fingerprint()
            if let cache, cache.fingerprint == fingerprint { return cache.files }
            guard let loaded = try? workshop.load() else { return cache?.files ?? [:] }
            renders.withLock { $0 += 1 }
            let files = LessonSite.render(
                lessons: workshop.lessons(of: loaded), quizzes: workshop.quizzes(of: loaded))
            var table: [String: [UInt8]] = [:]
            for file in files {
                let text =
                    file.path.hasSuffix(".html")
                    ? Self.live(file.contents, author: configuration.author) : file.contents
                table[file.path] = Array(text.utf8)
            }
            cache = PageCache(fingerprint: fingerprint, files: table)
            return table
        }
    }

    /// A site page with the live layer added: its style sheet, and its script inline (the
    /// exact text the page policy's hash allows).
    static func live(_ html: String, author: Bool) -> String {
        var page = html
        if let head = page.range(of: "</head>") {
            page.insert(contentsOf: "<link rel=\"stylesheet\" href=\"serve.css\">\n", at: head.lowerBound)
        }
        if let body = page.range(of: "</body>", options: .backwards) {
            let attribute = author ? " data-author=\"1\"" : ""
            page.insert(contentsOf: "<script\(attribute)>\(ServeScript.source)</script>\n", at: body.lowerBound)
        }
        return page
    }

    // MARK: - Responses

    /// 404, with the security headers.
    static let notFound = secured(.text("not found\n", status: 404))

    /// A JSON `{"type": "error", "error": …}` answer with `status`.
    static func error(_ status: Int, _ message: String) -> HTTPResponse {
        var event = ServeMessages.StreamEvent(type: "error")
        event.error = message
        return secured(.json(ServeMessages.line(event), status: status))
    }

    /// `value` as a JSON answer.
    static func json(_ value: some Encodable) -> HTTPResponse {
        secured(.json(ServeMessages.line(value)))
    }

    /// A file's text with its content type.
    static func file(_ text: String, type: String) -> HTTPResponse {
        HTTPResponse(headers: [HTTPHeader("Content-Type", type)], body: Array(text.utf8))
    }

    /// `response` with the headers every answer carries: a policy that allows nothing from
    /// elsewhere, no sniffing, no framing, no caching, no referrer.
    static func secured(_ response: HTTPResponse, policy: String = ContentSecurityPolicy.none) -> HTTPResponse {
        var response = response
        response.headers += [
            HTTPHeader("Content-Security-Policy", policy),
            HTTPHeader("X-Content-Type-Options", "nosniff"),
            HTTPHeader("X-Frame-Options", "DENY"),
            HTTPHeader("Referrer-Policy", "no-referrer"),
            HTTPHeader("Cross-Origin-Resource-Policy", "same-origin"),
            HTTPHeader("Cache-Control", "no-store"),
        ]
        return response
    }
}
