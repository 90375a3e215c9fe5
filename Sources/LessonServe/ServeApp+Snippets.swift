import Foundation
import LessonCore
import LessonRunner
import LessonSite
import LessonSupport
import Synchronization

/// The snippet handlers: state, edit, reset, run and (with `--author`) save to the lesson.
extension ServeApp {
    /// A response that ends a request early.
    struct Refusal: Error {
        var response: HTTPResponse
    }

    /// The answer `body` gives, or the refusal it throws.
    static func answer(_ body: () throws(Refusal) -> HTTPResponse) -> HTTPResponse {
        do {
            return try body()
        } catch {
            return error.response
        }
    }

    /// The lesson, the index of its snippet, and the version of the file read. A lesson that
    /// is a symbolic link is refused (403): the API reads nothing through a link.
    func snippet(_ stem: String, _ id: String) throws(Refusal) -> (SiteLesson, Int, EditStore.FileIdentity) {
        let found: (lesson: SiteLesson, identity: EditStore.FileIdentity)?
        do {
            found = try configuration.workshop.lesson(stem: stem)
        } catch {
            throw Refusal(response: Self.error(403, "\(error)"))
        }
        guard let found, let index = found.lesson.lesson.snippets.firstIndex(where: { $0.id == id }) else {
            throw Refusal(response: Self.notFound)
        }
        return (found.lesson, index, found.identity)
    }

    /// The code from a `{"code": …}` body.
    static func code(in body: [UInt8]) throws(Refusal) -> String {
        guard let code = ServeMessages.decode(ServeMessages.Code.self, from: body)?.code else {
            throw Refusal(response: Self.error(400, "the body must be {\"code\": \"…\"}"))
        }
        return code
    }

    func snippetState(_ stem: String, _ id: String, _ desk: Desk) -> HTTPResponse {
        Self.answer { () throws(Refusal) in
            let (item, index, _) = try snippet(stem, id)
            let snippet = item.lesson.snippets[index]
            let stored: String?
            do {
                stored = try desk.edits.read(lesson: stem, snippet: id)
            } catch {
                throw Refusal(response: Self.error(403, "\(error)"))
            }
            let state = ServeMessages.SnippetState(
                lesson: stem, id: id, mode: snippet.mode.rawValue, code: stored ?? snippet.code,
                original: snippet.code, edited: stored.map { $0 != snippet.code } ?? false,
                runnable: [.run, .exercise, .compile, .compileFail].contains(snippet.mode) && item.diagnostics.isEmpty,
                author: configuration.author)
            return Self.json(state)
        }
    }

    func storeEdit(_ stem: String, _ id: String, _ body: [UInt8], _ desk: Desk) -> HTTPResponse {
        Self.answer { () throws(Refusal) in
            _ = try snippet(stem, id)
            let code = try Self.code(in: body)
            do {
                try desk.edits.write(code, lesson: stem, snippet: id)
            } catch {
                throw Refusal(response: Self.error(403, "\(error)"))
            }
            updateRecord(of: desk, what: "editing \(stem) snippet \(id)") { _ in }
            return snippetState(stem, id, desk)
        }
    }

    func resetEdit(_ stem: String, _ id: String, _ desk: Desk) -> HTTPResponse {
        Self.answer { () throws(Refusal) in
            _ = try snippet(stem, id)
            do {
                try desk.edits.remove(lesson: stem, snippet: id)
            } catch {
                throw Refusal(response: Self.error(403, "\(error)"))
            }
            updateRecord(of: desk, what: "reset \(stem) snippet \(id)") { _ in }
            return snippetState(stem, id, desk)
        }
    }

    /// Writes `code` into the snippet's fence in the lesson file (`--author`). Saves are applied
    /// one at a time, each to the file as it is on disk then (read again under the lock); a
    /// file that changed between that read and the rename, or that no longer has the snippet,
    /// is a conflict (409) and nothing is written. A lesson that is a symbolic link is never
    /// saved (403), so a link is never replaced by a regular file.
    func saveToLesson(_ stem: String, _ id: String, _ body: [UInt8], _ desk: Desk) -> HTTPResponse {
        guard configuration.author, desk.holder == .owner else { return Self.notFound }
        return Self.answer { () throws(Refusal) in
            let code = try Self.code(in: body)
            try saving.withLock { _ throws(Refusal) in
                let (item, index, identity) = try snippet(stem, id)
                do {
                    let text = try FenceRewriter.replacing(item.lesson.snippets[index], in: item.lesson, with: code)
                    try EditStore.replaceFile(item.lesson.path, with: text, creating: [], expected: identity)
                } catch {
                    throw Refusal(response: Self.error(409, "\(error)"))
                }
            }
            do {
                try desk.edits.remove(lesson: stem, snippet: id)
            } catch {
                throw Refusal(response: Self.error(403, "\(error)"))
            }
            return snippetState(stem, id, desk)
        }
    }

    func run(_ stem: String, _ id: String, _ body: [UInt8], _ stream: HTTPStream, _ desk: Desk) {
        let item: SiteLesson
        let index: Int
        do {
            (item, index, _) = try snippet(stem, id)
        } catch {
            return stream.respond(error.response)
        }
        var lesson = item.lesson
        let original = lesson.snippets[index]
        guard [.run, .exercise, .compile, .compileFail].contains(original.mode) else {
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
        let code = request.code ?? ((try? desk.edits.read(lesson: stem, snippet: id)) ?? nil) ?? original.code
        lesson.snippets[index].code = code
        let edited = lesson
        let isEdited = code != original.code
        launch(key: "lesson/\(stem)/\(id)", desk: desk, stream) { [runner] send in
            var options = RunOptions()
            options.snippetID = id
            options.jobs = 1
            // In a class every run is confined; a desk with no jail is the owner's own machine.
            options.confinement = desk.jail?.snippet
            // The timeline is the static site's figure, drawn again as lines arrive: after each
            // of the first 32 lines (as many rows as it labels), then at most every quarter second
            // of the run's time (`done` brings the last). Lines are sent and drawn under one lock,
            // so the page never gets an older drawing after a newer.
            let snippet = edited.snippets[index]
            let seen = Mutex<(lines: [OutputLine], drawnAt: Double)>(([], 0))
            let draw: @Sendable ([OutputLine]) -> Void = { lines in
                if let html = LiveTimeline.figure(snippet, linesSoFar: lines) { send(.timeline(html: html)) }
            }
            options.compileProgress = { _, _, cached in
                seen.withLock { _ in
                    send(.compiled(cached: cached))
                    draw([])
                }
            }
            options.lineObserver = { line in
                seen.withLock { seen in
                    send(.line(t: line.t, stream: line.stream.rawValue, text: line.text))
                    seen.lines.append(line)
                    guard seen.lines.count <= 32 || line.t >= seen.drawnAt + 0.25 else { return }
                    seen.drawnAt = line.t
                    draw(seen.lines)
                }
            }
            options.setAsideObserver = { aside in
                seen.withLock { seen in
                    send(.setAside(message: TerminalReport.describe(aside)))
                    seen = ([], 0)
                    draw([])
                }
            }
            let report = try await runner.run(edited, options: options)
            guard let result = report.snippets.first else { throw CancellationError() }
            if let run = result.run, let lingered = run.lingered {
                send(.lingered(message: lingered.summary(stopped: run.timedOut)))
            }
            let diagnostics = Self.editorDiagnostics(
                result.compile?.diagnostics ?? [], of: edited.snippets[index], in: edited)
            var done = ServeMessages.StreamEvent.Ran(
                status: result.status.rawValue,
                checks: Self.pageChecks(result.checks, of: edited.snippets[index], in: edited, diagnostics),
                error: result.error, seconds: result.compile?.seconds, cached: result.compile?.cached,
                diagnostics: diagnostics)
            if let run = result.run {
                done.timeline = LiveTimeline.figure(snippet, result)
                done.elapsed = run.elapsed
                done.exitCode = run.exitCode
                done.signal = run.signal
                done.timedOut = run.timedOut
            }
            self.updateRecord(of: desk, what: "ran \(stem) snippet \(id): \(result.status.rawValue)") { record in
                let stamp = ISO8601DateFormatter().string(from: Date())
                record.runs.append(
                    LearnerRecord.Run(
                        at: stamp, lesson: stem, snippet: id, status: result.status.rawValue, edited: isEdited))
                record.runs = Array(record.runs.suffix(LearnerRecord.keptRuns))
                record.lessons[stem, default: [:]][id] = result.status.rawValue
            }
            send(.ran(done))
        }
    }

    /// A run's checks in the page's coordinates: a line of an expected block is named by its
    /// place in that block with the file's line beside it (`expected line 2 (04-gather.md:88)`),
    /// a compile failure by the editor's line, and each check says which block it looked at.
    static func pageChecks(
        _ checks: [Check], of snippet: Snippet, in lesson: Lesson, _ diagnostics: [ServeMessages.EditorDiagnostic]
    ) -> [ServeMessages.PageCheck] {
        checks.map { check in
            let mapped = EditorPlaces.check(check, of: snippet, inLesson: lesson.path)
            var message = mapped.message
            let place = mapped.place
            let errors = diagnostics.filter { $0.severity == "error" }
            if check.kind == .compile, !check.pass, snippet.mode != .compileFail, let first = errors.first {
                message =
                    "did not compile (\(errors.count) error\(errors.count == 1 ? "" : "s")): "
                    + "\(first.place ?? "line \(first.fileLine)"): \(first.message)"
            }
            return ServeMessages.PageCheck(
                kind: check.kind.rawValue, pass: check.pass, message: message, place: place, diff: check.diff)
        }
    }

    /// Compiler diagnostics with lines counted from the editor's first line when they point
    /// into the snippet.
    static func editorDiagnostics(
        _ diagnostics: [CompilerDiagnostic], of snippet: Snippet, in lesson: Lesson
    ) -> [ServeMessages.EditorDiagnostic] {
        diagnostics.map { diagnostic in
            let (line, column, place) = EditorPlaces.diagnostic(diagnostic, of: snippet, inLesson: lesson.path)
            return ServeMessages.EditorDiagnostic(
                line: line, column: column, severity: diagnostic.severity.rawValue,
                message: diagnostic.message, file: diagnostic.file, fileLine: diagnostic.line,
                place: place)
        }
    }
}
