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
        /// How often the workshop's files are checked for changes while a page listens.
        package var watchInterval: Duration = .milliseconds(250)

        /// A configuration for `workshop` with a fresh token.
        package init(workshop: ServeWorkshop) {
            self.workshop = workshop
        }
    }

    /// The configuration the server runs with.
    package let configuration: Configuration
    private let runner: LessonRun
    private let grader: Grader
    /// Admits runs and gradings.
    package let queue: RunQueue
    private let edits: EditStore
    private let rules = Mutex<RequestGuard?>(nil)
    private let server = Mutex<HTTPServer?>(nil)
    private let pages = Mutex<PageCache?>(nil)
    private let work = Mutex<(next: Int, tasks: [Int: Task<Void, Never>], stopped: Bool)>((0, [:], false))
    private let listeners = Mutex<(next: Int, streams: [Int: HTTPStream], watching: Bool)>((0, [:], false))

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
    }

    /// Binds and starts serving; returns the port.
    package func start(port: Int = 0) async throws -> Int {
        let http = HTTPServer(
            routes: [], host: configuration.host, readTimeout: .seconds(30), maxConnections: 512,
            threadPoolWidth: 8, maxBody: configuration.maxBody,
            fallback: .streaming { [weak self] request, stream in
                guard let self else { return stream.respond(.text("stopping\n", status: 503)) }
                self.handle(request, stream)
            })
        let bound = try await http.start(port: port)
        let extra = configuration.host == "127.0.0.1" ? [] : [configuration.host]
        rules.withLock { $0 = RequestGuard(token: configuration.token, port: bound, extraHosts: extra) }
        server.withLock { $0 = http }
        return bound
    }

    /// The address to open: the server's URL with the token.
    package var url: String {
        let port = rules.withLock { $0?.port } ?? 0
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

    // MARK: - Dispatch

    private func handle(_ request: HTTPRequest, _ stream: HTTPStream) {
        guard let rules = rules.withLock({ $0 }) else {
            return stream.respond(.text("starting\n", status: 503))
        }
        switch rules.check(request) {
        case .deny(let status, let reason):
            stream.respond(Self.secured(.text(reason + "\n", status: status)))
        case .exchange(let location, let cookie):
            var response = HTTPResponse(status: 303)
            response.headers += [HTTPHeader("Location", location), HTTPHeader("Set-Cookie", cookie)]
            stream.respond(Self.secured(response))
        case .allow(let path):
            route(request, path.segments, stream)
        }
    }

    private func route(_ request: HTTPRequest, _ segments: [String], _ stream: HTTPStream) {
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
            return page("index.html", stream)
        } else if segments.count == 1, segments[0] != "api", method == "GET" {
            return page(segments[0], stream)
        } else if match("api", "changes") != nil, method == "GET" {
            return listen(stream)
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

    private func page(_ name: String, _ stream: HTTPStream) {
        if name == "serve.js" {
            return stream.respond(Self.secured(Self.file(ServeScript.source, type: "text/javascript; charset=utf-8")))
        }
        if name == "serve.css" {
            return stream.respond(Self.secured(Self.file(ServeScript.css, type: "text/css; charset=utf-8")))
        }
        let files = site()
        guard let bytes = files[name] else {
            return stream.respond(Self.secured(.text("not found\n", status: 404)))
        }
        var response = HTTPResponse(body: bytes)
        if name.hasSuffix(".html") {
            let html = String(decoding: bytes, as: UTF8.self)
            response.headers.append(HTTPHeader("Content-Type", "text/html; charset=utf-8"))
            let policy = ContentSecurityPolicy.header(inlineScripts: ContentSecurityPolicy.inlineScripts(in: html))
            return stream.respond(Self.secured(response, policy: policy))
        }
        let type = name.hasSuffix(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8"
        response.headers.append(HTTPHeader("Content-Type", type))
        stream.respond(Self.secured(response))
    }

    /// The site's files, rendered again when a workshop file changed since the last time.
    private func site() -> [String: [UInt8]] {
        let workshop = configuration.workshop
        let fingerprint = workshop.fingerprint()
        if let cached = pages.withLock({ $0 }), cached.fingerprint == fingerprint { return cached.files }
        guard let loaded = try? workshop.load() else { return pages.withLock { $0?.files ?? [:] } }
        // Served pages carry the server's policy as a header (see ContentSecurityPolicy), not the site's <meta>.
        let files = LessonSite.render(
            lessons: workshop.lessons(of: loaded), quizzes: workshop.quizzes(of: loaded), policy: nil)
        var table: [String: [UInt8]] = [:]
        for file in files {
            table[file.path] = Array(
                (file.path.hasSuffix(".html") ? Self.live(file.contents, author: configuration.author) : file.contents)
                    .utf8)
        }
        pages.withLock { $0 = PageCache(fingerprint: fingerprint, files: table) }
        return table
    }

    /// A site page with the live layer added: its style sheet and its script.
    static func live(_ html: String, author: Bool) -> String {
        var page = html
        if let head = page.range(of: "</head>") {
            page.insert(contentsOf: "<link rel=\"stylesheet\" href=\"serve.css\">\n", at: head.lowerBound)
        }
        if let body = page.range(of: "</body>", options: .backwards) {
            let attribute = author ? " data-author=\"1\"" : ""
            page.insert(contentsOf: "<script src=\"serve.js\"\(attribute)></script>\n", at: body.lowerBound)
        }
        return page
    }

    // MARK: - Snippets

    /// The lesson and the index of its snippet, when both exist.
    private func snippet(_ stem: String, _ id: String) -> (SiteLesson, Int)? {
        guard let item = configuration.workshop.lesson(stem: stem),
            let index = item.lesson.snippets.firstIndex(where: { $0.id == id })
        else { return nil }
        return (item, index)
    }

    private func snippetState(_ stem: String, _ id: String) -> HTTPResponse {
        guard let (item, index) = snippet(stem, id) else { return Self.notFound }
        let snippet = item.lesson.snippets[index]
        let stored: String?
        do {
            stored = try edits.read(lesson: stem, snippet: id)
        } catch {
            return Self.error(403, "\(error)")
        }
        var bands: [ServeMessages.Band] = []
        var elapsed: ServeMessages.Band?
        for block in snippet.expectations where block.kind != .diagnostics {
            let tolerance = block.tolerance ?? snippet.tolerance ?? .standard
            for line in block.lines {
                guard let stamp = line.stamp else { continue }
                bands.append(ServeMessages.Band(text: line.raw, expected: stamp, window: tolerance.window(for: stamp)))
            }
            if let seconds = block.elapsed {
                elapsed = ServeMessages.Band(text: "elapsed", expected: seconds, window: tolerance.window(for: seconds))
            }
        }
        let state = ServeMessages.SnippetState(
            lesson: stem, id: id, mode: snippet.mode.rawValue, code: stored ?? snippet.code, original: snippet.code,
            edited: stored.map { $0 != snippet.code } ?? false,
            runnable: [.run, .compile, .compileFail].contains(snippet.mode) && item.diagnostics.isEmpty,
            author: configuration.author, bands: bands, elapsed: elapsed)
        return Self.json(state)
    }

    private func storeEdit(_ stem: String, _ id: String, _ body: [UInt8]) -> HTTPResponse {
        guard snippet(stem, id) != nil else { return Self.notFound }
        guard let code = ServeMessages.decode(ServeMessages.Code.self, from: body)?.code else {
            return Self.error(400, "the body must be {\"code\": \"…\"}")
        }
        do {
            try edits.write(code, lesson: stem, snippet: id)
        } catch {
            return Self.error(403, "\(error)")
        }
        return snippetState(stem, id)
    }

    private func resetEdit(_ stem: String, _ id: String) -> HTTPResponse {
        guard snippet(stem, id) != nil else { return Self.notFound }
        do {
            try edits.remove(lesson: stem, snippet: id)
        } catch {
            return Self.error(403, "\(error)")
        }
        return snippetState(stem, id)
    }

    private func saveToLesson(_ stem: String, _ id: String, _ body: [UInt8]) -> HTTPResponse {
        guard configuration.author, let (item, index) = snippet(stem, id) else { return Self.notFound }
        guard let code = ServeMessages.decode(ServeMessages.Code.self, from: body)?.code else {
            return Self.error(400, "the body must be {\"code\": \"…\"}")
        }
        let text: String
        do {
            text = try FenceRewriter.replacing(item.lesson.snippets[index], in: item.lesson, with: code)
            try EditStore.replaceFile(item.lesson.path, with: text, creating: [])
            try edits.remove(lesson: stem, snippet: id)
        } catch {
            return Self.error(409, "\(error)")
        }
        return snippetState(stem, id)
    }

    private func run(_ stem: String, _ id: String, _ body: [UInt8], _ stream: HTTPStream) {
        guard let (item, index) = snippet(stem, id) else { return stream.respond(Self.notFound) }
        var lesson = item.lesson
        let original = lesson.snippets[index]
        guard [.run, .compile, .compileFail].contains(original.mode) else {
            return stream.respond(Self.error(400, "snippet \(id) is not compiled (it is \(original.mode.rawValue))"))
        }
        guard item.diagnostics.isEmpty else {
            return stream.respond(
                Self.error(
                    409, item.diagnostics.map { $0.formatted(source: item.lesson.source) }.joined(separator: "\n")))
        }
        guard let request = ServeMessages.decode(ServeMessages.Code.self, from: body) else {
            return stream.respond(Self.error(400, "the body must be {} or {\"code\": \"…\"}"))
        }
        let code = request.code ?? ((try? edits.read(lesson: stem, snippet: id)) ?? nil) ?? original.code
        lesson.snippets[index].code = code
        let edited = lesson
        launch(key: "lesson/\(stem)/\(id)", stream) { [runner] send in
            var options = RunOptions()
            options.snippetID = id
            options.jobs = 1
            options.compileProgress = { _, _, cached in
                var event = ServeMessages.StreamEvent(type: "compiled")
                event.cached = cached
                send(event)
            }
            options.lineObserver = { line in
                var event = ServeMessages.StreamEvent(type: "line")
                event.t = line.t
                event.stream = line.stream.rawValue
                event.text = line.text
                send(event)
            }
            options.setAsideObserver = { aside in
                var event = ServeMessages.StreamEvent(type: "set-aside")
                event.message = TerminalReport.describe(aside)
                send(event)
            }
            let report = try await runner.run(edited, options: options)
            guard let result = report.snippets.first else { throw CancellationError() }
            var done = ServeMessages.StreamEvent(type: "done")
            done.status = result.status.rawValue
            done.checks = result.checks
            done.error = result.error
            done.seconds = result.compile?.seconds
            done.cached = result.compile?.cached
            done.diagnostics = Self.editorDiagnostics(
                result.compile?.diagnostics ?? [], of: edited.snippets[index], in: edited)
            if let run = result.run {
                done.elapsed = run.elapsed
                done.exitCode = run.exitCode
                done.signal = run.signal
                done.timedOut = run.timedOut
            }
            send(done)
        }
    }

    /// Compiler diagnostics with lines counted from the editor's first line when they point
    /// into the snippet.
    static func editorDiagnostics(
        _ diagnostics: [CompilerDiagnostic], of snippet: Snippet, in lesson: Lesson
    ) -> [ServeMessages.EditorDiagnostic] {
        diagnostics.map { diagnostic in
            let inside = diagnostic.file == lesson.path && snippet.codeLines.contains(diagnostic.line)
            return ServeMessages.EditorDiagnostic(
                line: inside ? diagnostic.line - snippet.codeLine + 1 : nil,
                column: inside ? max(1, diagnostic.column - (snippet.column - 1)) : diagnostic.column,
                severity: diagnostic.severity.rawValue, message: diagnostic.message, file: diagnostic.file,
                fileLine: diagnostic.line)
        }
    }

    /// Admits a run under `key`, streams its events, and stops it when the page goes away or
    /// the server stops. Answers 429 when `key` already has a run.
    private func launch(
        key: String, _ stream: HTTPStream,
        _ body:
            @escaping @Sendable (_ send: @escaping @Sendable (ServeMessages.StreamEvent) -> Void) async throws
            -> Void
    ) {
        let number = work.withLock { state -> Int? in
            guard !state.stopped else { return nil }
            state.next += 1
            return state.next
        }
        guard let number else { return stream.respond(Self.error(503, "the server is stopping")) }
        let send: @Sendable (ServeMessages.StreamEvent) -> Void = { event in stream.send(ServeMessages.line(event)) }
        let task = Task { [queue] in
            defer { _ = work.withLock { $0.tasks.removeValue(forKey: number) } }
            do {
                try await queue.reserve(key)
            } catch {
                return stream.respond(Self.error(429, "this already runs; wait for it to finish"))
            }
            var head = HTTPResponse()
            head.headers.append(HTTPHeader("Content-Type", "application/x-ndjson"))
            stream.begin(Self.secured(head))
            do {
                try await queue.wait(key) { position in
                    var event = ServeMessages.StreamEvent(type: "queued")
                    event.position = position
                    send(event)
                }
                send(ServeMessages.StreamEvent(type: "started"))
                try await body(send)
            } catch is CancellationError {
                // The page went away or the server stops: nobody is listening.
            } catch {
                var event = ServeMessages.StreamEvent(type: "done")
                event.status = "error"
                event.error = "\(error)"
                send(event)
            }
            await queue.release(key)
            stream.finish()
        }
        let registered = work.withLock { state in
            guard !state.stopped else { return false }
            state.tasks[number] = task
            return true
        }
        if !registered { task.cancel() }
        stream.onClose { task.cancel() }
    }

    // MARK: - Quizzes

    /// A response that ends a request early.
    private struct Refusal: Error {
        var response: HTTPResponse
    }

    private func loadQuiz(_ stem: String) -> Result<Quiz, Refusal> {
        do {
            guard let quiz = try configuration.workshop.quiz(stem: stem) else {
                return .failure(Refusal(response: Self.notFound))
            }
            return .success(quiz)
        } catch {
            return .failure(Refusal(response: Self.error(409, "\(error)")))
        }
    }

    private func answerState(_ stem: String) -> HTTPResponse {
        let quiz: Quiz
        switch loadQuiz(stem) {
        case .failure(let refusal): return refusal.response
        case .success(let loaded): quiz = loaded
        }
        let catalog = configuration.workshop.catalog
        let path = catalog.answerPath(for: quiz)
        let answer = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
        return Self.json(
            ServeMessages.AnswerState(
                quiz: stem, code: answer ?? quiz.starter, starter: quiz.starter,
                edited: answer.map { $0 != quiz.starter } ?? false, hints: quiz.hints.count,
                answerFile: catalog.workspace.displayPath(path)))
    }

    private func storeAnswer(_ stem: String, _ body: [UInt8]) -> HTTPResponse {
        let quiz: Quiz
        switch loadQuiz(stem) {
        case .failure(let refusal): return refusal.response
        case .success(let loaded): quiz = loaded
        }
        guard let code = ServeMessages.decode(ServeMessages.Code.self, from: body)?.code else {
            return Self.error(400, "the body must be {\"code\": \"…\"}")
        }
        do {
            try writeAnswer(code, for: quiz)
        } catch {
            return Self.error(403, "\(error)")
        }
        return answerState(stem)
    }

    private func resetAnswer(_ stem: String) -> HTTPResponse {
        switch loadQuiz(stem) {
        case .failure(let refusal): return refusal.response
        case .success(let quiz):
            do {
                try writeAnswer(quiz.starter, for: quiz)
            } catch {
                return Self.error(403, "\(error)")
            }
            return answerState(stem)
        }
    }

    /// Writes the learner's answer file (the one `lesson quiz` creates and `lesson grade` reads).
    private func writeAnswer(_ code: String, for quiz: Quiz) throws {
        let state = configuration.workshop.workspace.stateDirectory
        let path = configuration.workshop.catalog.answerPath(for: quiz)
        let folder = (path as NSString).deletingLastPathComponent
        try EditStore.replaceFile(path, with: code, creating: [state, "\(state)/answers", folder])
    }

    private func hint(_ stem: String, _ number: String) -> HTTPResponse {
        switch loadQuiz(stem) {
        case .failure(let refusal): return refusal.response
        case .success(let quiz):
            guard let index = Int(number), index >= 1, index <= quiz.hints.count else { return Self.notFound }
            return Self.json(ServeMessages.Hint(number: index, count: quiz.hints.count, text: quiz.hints[index - 1]))
        }
    }

    private func grade(_ stem: String, _ stream: HTTPStream) {
        let quiz: Quiz
        switch loadQuiz(stem) {
        case .failure(let refusal): return stream.respond(refusal.response)
        case .success(let loaded): quiz = loaded
        }
        let catalog = configuration.workshop.catalog
        let path = catalog.answerPath(for: quiz)
        let answer =
            FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? quiz.starter
        let width = configuration.width
        launch(key: "quiz/\(stem)", stream) { [grader] send in
            var options = Grader.Options()
            options.jobs = width
            options.checkFinished = { check in
                var event = ServeMessages.StreamEvent(type: "check")
                event.name = check.name
                event.status = check.status.rawValue
                event.message = check.message
                event.hint = check.hint
                event.seconds = check.seconds
                send(event)
            }
            let report = try await grader.grade(
                quiz, answer: answer, answerPath: catalog.workspace.displayPath(path), options: options)
            try? catalog.record(report)
            var done = ServeMessages.StreamEvent(type: "done")
            done.status = report.status.rawValue
            done.message = report.message
            done.passed = report.passedCount
            done.total = report.checks.count
            done.diagnostics = (report.compile?.diagnostics ?? []).map {
                ServeMessages.EditorDiagnostic(
                    line: $0.file == catalog.workspace.displayPath(path) ? $0.line : nil, column: $0.column,
                    severity: $0.severity.rawValue, message: $0.message, file: $0.file, fileLine: $0.line)
            }
            send(done)
        }
    }

    // MARK: - Reloads

    /// Keeps `stream` open and sends `changed` with the affected pages whenever a lesson or
    /// quiz file changes. One watcher serves every listening page.
    private func listen(_ stream: HTTPStream) {
        var head = HTTPResponse()
        head.headers.append(HTTPHeader("Content-Type", "application/x-ndjson"))
        guard stream.begin(Self.secured(head)) else { return }
        stream.send(ServeMessages.line(ServeMessages.StreamEvent(type: "hello")))
        let (number, startWatcher) = listeners.withLock { state in
            state.next += 1
            state.streams[state.next] = stream
            let start = !state.watching
            state.watching = true
            return (state.next, start)
        }
        stream.onClose { [weak self] in
            _ = self?.listeners.withLock { $0.streams.removeValue(forKey: number) }
        }
        guard startWatcher else { return }
        let task = Task { [weak self, configuration] in
            var last = configuration.workshop.fingerprint()
            while !Task.isCancelled {
                try? await Task.sleep(for: configuration.watchInterval)
                guard let self else { return }
                let streams = self.listeners.withLock { state -> [HTTPStream] in
                    if state.streams.isEmpty { state.watching = false }
                    return Array(state.streams.values)
                }
                if streams.isEmpty { return }
                let now = configuration.workshop.fingerprint()
                guard now != last else { continue }
                let changed = Set(now.keys).union(last.keys).filter { now[$0] != last[$0] }
                last = now
                var event = ServeMessages.StreamEvent(type: "changed")
                event.pages = Set(changed.compactMap { configuration.workshop.page(of: $0) }).sorted()
                let line = ServeMessages.line(event)
                for stream in streams { stream.send(line) }
            }
        }
        work.withLock { state in
            state.next += 1
            state.tasks[state.next] = task
        }
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
