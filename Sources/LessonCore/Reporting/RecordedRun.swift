/// A lesson report saved after a run, with when and where it was recorded; the site and
/// `lesson list` read these.
package struct RecordedRun: Sendable, Codable {
    /// ISO 8601 time of the recording.
    package var recordedAt: String
    /// What the run happened on, e.g. `Linux x86_64, 2 cores, Swift 6.3.1`.
    package var host: String
    package var report: LessonReport

    package init(recordedAt: String, host: String, report: LessonReport) {
        self.recordedAt = recordedAt
        self.host = host
        self.report = report
    }
}
