import LessonCore

/// Turns the bytes a child writes into stamped lines, keeping at most `limit` bytes and
/// `lineLimit` lines per stream (the rest is counted in `dropped`), and the bytes of its
/// report channel up to `limit`. Pure: it is told the time of each chunk.
package struct OutputCollector: Sendable {
    /// The time the child started; line stamps count from it.
    package let start: Double
    /// Bytes kept per stream; each line's newline counts too, so empty lines are bounded.
    package let limit: Int
    /// Lines kept per stream.
    package let lineLimit: Int
    /// The lines so far; in time order once `finish()` has run.
    package private(set) var lines: [OutputLine] = []
    /// Bytes of each stream that were read but not kept.
    package private(set) var dropped: [StreamName: Int] = [:]
    /// The bytes of the report channel kept so far.
    package private(set) var report: [UInt8] = []
    private var partial: [StreamName: (bytes: [UInt8], t: Double)] = [:]
    private var kept: [StreamName: Int] = [:]
    private var keptLines: [StreamName: Int] = [:]

    /// A collector for a child started at `start`.
    package init(start: Double, limit: Int, lineLimit: Int = OutputMatcher.alignmentLimit) {
        self.start = start
        self.limit = limit
        self.lineLimit = lineLimit
    }

    /// Adds a chunk read from `stream` at `time`. A line is stamped with the time its first
    /// byte arrived; bytes past the caps are counted, not kept.
    package mutating func append(_ chunk: ArraySlice<UInt8>, stream: StreamName, at time: Double) {
        var rest = chunk[...]
        while !rest.isEmpty {
            if partial[stream] == nil { partial[stream] = ([], time - start) }
            let newline = rest.firstIndex(of: 10)
            let piece = rest[rest.startIndex..<(newline ?? rest.endIndex)]
            let room = max(0, limit - kept[stream, default: 0])
            let keep = keptLines[stream, default: 0] < lineLimit ? min(room, piece.count) : 0
            partial[stream]!.bytes.append(contentsOf: piece.prefix(keep))
            kept[stream, default: 0] += keep
            if keep < piece.count { dropped[stream, default: 0] += piece.count - keep }
            guard let newline else { break }
            flush(stream, terminated: true)
            rest = rest[(newline + 1)...]
        }
    }

    /// Adds bytes of the report channel, keeping at most `limit` in all.
    package mutating func appendReport(_ chunk: ArraySlice<UInt8>) {
        report.append(contentsOf: chunk.prefix(max(0, limit - report.count)))
    }

    /// Ends each stream's unterminated last line and sorts the lines by the time their first
    /// byte arrived (lines stamped alike keep their order). Call once, when the streams end.
    package mutating func finish() {
        for stream in [StreamName.stdout, .stderr] where partial[stream] != nil {
            flush(stream, terminated: false)
        }
        lines = lines.enumerated().sorted { ($0.element.t, $0.offset) < ($1.element.t, $1.offset) }.map(\.element)
    }

    private mutating func flush(_ stream: StreamName, terminated: Bool) {
        guard let line = partial.removeValue(forKey: stream) else { return }
        let full = kept[stream, default: 0] >= limit || keptLines[stream, default: 0] >= lineLimit
        // Past the cap a line is dropped whole (its bytes were counted as they came).
        if full, line.bytes.isEmpty {
            if terminated { dropped[stream, default: 0] += 1 }
            return
        }
        if terminated { kept[stream] = min(limit, kept[stream, default: 0] + 1) }
        keptLines[stream, default: 0] += 1
        lines.append(OutputLine(t: line.t, stream: stream, text: String(decoding: line.bytes, as: UTF8.self)))
    }
}
