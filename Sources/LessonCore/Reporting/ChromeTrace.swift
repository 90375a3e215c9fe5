/// A run as Chrome trace event JSON (opens in Perfetto or chrome://tracing): one slice per
/// snippet run, one instant event per output line, snippets laid end to end.
package struct ChromeTrace: Sendable, Encodable {
    /// One trace event.
    package struct Event: Sendable, Encodable {
        var name: String
        var cat: String
        var ph: String
        /// Microseconds.
        var ts: Double
        var dur: Double?
        var pid: Int
        var tid: Int
        var s: String?
        var args: [String: String]
    }

    package var traceEvents: [Event] = []
    package var displayTimeUnit = "ms"

    package init(_ reports: [LessonReport]) {
        var offset = 0.0
        for (lessonIndex, lesson) in reports.enumerated() {
            // Names for the lesson's process and its three tracks.
            let names = [
                (0, "process_name", lesson.path), (1, "thread_name", "snippets"), (2, "thread_name", "stdout"),
                (3, "thread_name", "stderr"),
            ]
            for (tid, kind, name) in names {
                traceEvents.append(
                    Event(
                        name: kind, cat: "__metadata", ph: "M", ts: 0, dur: nil, pid: lessonIndex + 1, tid: tid, s: nil,
                        args: ["name": name]))
            }
            for snippet in lesson.snippets {
                guard let run = snippet.run else { continue }
                traceEvents.append(
                    Event(
                        name: "\(snippet.id) (\(snippet.status.rawValue))", cat: "snippet", ph: "X",
                        ts: offset * 1e6, dur: run.elapsed * 1e6, pid: lessonIndex + 1, tid: 1, s: nil,
                        args: ["lesson": lesson.path, "line": "\(snippet.line)"]))
                for line in run.lines {
                    traceEvents.append(
                        Event(
                            name: line.text, cat: line.stream.rawValue, ph: "i", ts: (offset + line.t) * 1e6,
                            dur: nil, pid: lessonIndex + 1, tid: line.stream == .stdout ? 2 : 3, s: "t",
                            args: ["snippet": snippet.id]))
                }
                offset += run.elapsed + 0.05
            }
        }
    }
}
