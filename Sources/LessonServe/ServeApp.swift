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
        /// With `--class`: the room. Each learner acts through their own token, has state of
        /// their own and runs confined; the token above is then the instructor's.
        package var classRoom: ClassRoom? = nil
        /// With `--public-url`: the address learners open (`https://host.example`), through a
        /// reverse proxy; `Host` and `Origin` may name it.
        package var publicURL: String? = nil

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
    let pages = Mutex<PageCache?>(nil)
    let renders = Mutex<Int>(0)
    let work = Mutex<(next: Int, tasks: [Int: (owner: String, task: Task<Void, Never>)], stopped: Bool)>(
        (0, [:], false))
    /// Every desk, by holder: the owner's alone, or in a class every learner's and the
    /// instructor's.
    let desks: [RequestGuard.Holder: Desk]
    /// In a class: `.lesson/class`, where every desk has its folder.
    let classDirectory: String?
    /// Class records read or written so far, by desk folder.
    let records = Mutex<[String: LearnerRecord]>([:])

    /// The rendered site at one fingerprint of the workshop's files.
    struct PageCache: Sendable {
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
        let state = configuration.workshop.workspace.stateDirectory
        edits = EditStore(stateDirectory: state)
        changes = ChangeFeed(workshop: configuration.workshop, interval: configuration.watchInterval)
        if let room = configuration.classRoom {
            let directory = "\(state)/class"
            classDirectory = directory
            var desks: [RequestGuard.Holder: Desk] = [:]
            for learner in room.learners {
                desks[.learner(learner.slot)] = Desk.seat(
                    .learner(learner.slot), name: learner.name, folder: learner.folder, classDirectory: directory,
                    jail: learner.jail)
            }
            desks[.instructor] = Desk.seat(
                .instructor, name: ClassRoom.instructorName, folder: "%instructor", classDirectory: directory,
                jail: LearnerJail(slot: room.learners.count, name: ClassRoom.instructorName))
            self.desks = desks
            for folder in [state, directory] + desks.values.compactMap(\.folder) {
                try EditStore.refuseLinks([folder])
                if mkdir(folder, 0o700) != 0, errno != EEXIST {
                    throw EditStore.Problem.io("cannot create \(folder): \(String(cString: strerror(errno)))")
                }
            }
        } else {
            classDirectory = nil
            desks = [.owner: .owner(stateDirectory: state)]
        }
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
            scriptFiles: ["http://\(configuration.host):\(bound)/search-index.js"]
                + (configuration.publicURL.map { ["\($0)/search-index.js"] } ?? []))
        var rules = RequestGuard(token: configuration.token, port: bound, extraHosts: extra)
        rules.publicOrigin = configuration.publicURL
        if let room = configuration.classRoom {
            rules.token = room.instructorToken
            rules.holder = .instructor
            rules.seats = room.learners.map { RequestGuard.Seat(holder: .learner($0.slot), token: $0.token) }
        }
        self.rules.withLock { $0 = (rules, policy) }
        server.withLock { $0 = http }
        return bound
    }

    /// The bound port (0 before `start`).
    package var port: Int { rules.withLock { $0?.guard.port } ?? 0 }

    /// The address to open: the server's URL with the token.
    package var url: String {
        "\(baseURL)/?token=\(configuration.token.text)"
    }

    /// The server's address without a path: `--public-url`, else `http://HOST:PORT`.
    package var baseURL: String {
        configuration.publicURL ?? "http://\(configuration.host):\(port)"
    }

    /// In a class, one line per person, the instructor first: `instructor URL`, then
    /// `NAME URL` per learner in roster order, each URL with that person's own token.
    package var classLines: [String] {
        guard let room = configuration.classRoom else { return [] }
        return ["\(ClassRoom.instructorName) \(baseURL)/class?token=\(room.instructorToken.text)"]
            + room.learners.map { "\($0.name) \(baseURL)/?token=\($0.token.text)" }
    }

    /// Stops every run and grading (their processes are killed), ends every stream and closes
    /// the server. Returns once the sockets are closed.
    package func stop() {
        let tasks = work.withLock { state in
            state.stopped = true
            let tasks = state.tasks.values.map(\.task)
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
            guard let holder = rules.holder(of: request), let desk = desk(for: holder) else {
                return stream.respond(Self.error(403, "open the address lesson serve printed (it carries the token)"))
            }
            route(request, path.segments, stream, policy: policy, desk: desk)
        }
    }

    // MARK: - Responses

    /// 404, with the security headers.
    static let notFound = secured(.text("not found\n", status: 404))

    /// A JSON `{"type": "error", "error": …}` answer with `status`.
    static func error(_ status: Int, _ message: String) -> HTTPResponse {
        secured(.json(ServeMessages.line(ServeMessages.StreamEvent.error(message)), status: status))
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
