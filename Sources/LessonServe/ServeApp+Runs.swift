import LessonSupport
import Synchronization

/// Runs and gradings as streams: admitted by the queue, stopped when the page goes away.
extension ServeApp {
    /// Admits a run under `key`, streams its events, and stops it when the page goes away or
    /// the server stops. Answers 429 when `key` already has a run.
    func launch(
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
                try await queue.wait(key) { position in send(.queued(position: position)) }
                send(.started)
                try await body(send)
            } catch is CancellationError {
                // The page went away or the server stops: nobody is listening.
            } catch {
                send(.failed(error: "\(error)"))
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
}
