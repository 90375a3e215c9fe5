import LessonSupport
import Synchronization

/// Runs and gradings as streams: admitted by the queue, stopped when the page goes away.
extension ServeApp {
    /// Admits a run under `key` for `desk`, streams its events, and stops it when the page
    /// goes away, the server stops or the instructor stops the desk's runs. Answers 429 when
    /// the desk already has a run under `key`. Waiting runs take turns between desks.
    func launch(
        key local: String, desk: Desk, _ stream: HTTPStream,
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
        let key = "\(desk.queueOwner)/\(local)"
        let owner = desk.queueOwner
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
                try await queue.wait(key, owner: owner) { position in send(.queued(position: position)) }
                send(.started)
                try await body(send)
            } catch is CancellationError {
                // The page went away, the server stops (nobody is listening), or the
                // instructor stopped this desk's runs (the page is told).
                send(.failed(error: "stopped"))
            } catch {
                send(.failed(error: "\(error)"))
            }
            await queue.release(key)
            stream.finish()
        }
        let registered = work.withLock { state in
            guard !state.stopped else { return false }
            state.tasks[number] = (owner, task)
            return true
        }
        if !registered { task.cancel() }
        stream.onClose { task.cancel() }
    }
}

extension ServeApp {
    /// Stops every run and grading of the desk whose queue owner is `owner`; how many.
    func stopRuns(owner: String) -> Int {
        let tasks = work.withLock { state in state.tasks.values.filter { $0.owner == owner }.map(\.task) }
        for task in tasks { task.cancel() }
        return tasks.count
    }
}
