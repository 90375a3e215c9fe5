/// A lesson report saved after a run, with when and where it was recorded; the site and
/// `lesson list` read these.
package struct RecordedRun: Sendable, Codable {
    /// ISO 8601 time of the recording.
    package var recordedAt: String
    /// What the run happened on, e.g. `Linux x86_64, 2 cores, Swift 6.3.1`.
    package var host: String
    package var report: LessonReport
    /// SHA-256 of the lesson's text when it ran; nil in recordings that predate it.
    package var sourceHash: String?
    /// The lesson's path relative to the workshop root (`Lessons/04-gather.md`); with
    /// `sourceHash` it says which lesson, and which text of it, the run belongs to.
    package var lesson: String?

    package init(
        recordedAt: String, host: String, report: LessonReport, sourceHash: String? = nil, lesson: String? = nil
    ) {
        self.recordedAt = recordedAt
        self.host = host
        self.report = report
        self.sourceHash = sourceHash
        self.lesson = lesson
    }

    /// True when this run was recorded from a different text than `source`.
    package func isStale(for source: String) -> Bool {
        sourceHash.map { $0 != SHA256.hex(source) } ?? false
    }
}
