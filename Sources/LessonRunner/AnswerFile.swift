import Foundation
import Glibc
import LessonCore

/// A learner's answer file as `lesson grade` reads it, and watches it (`--watch`) for saves.
package struct AnswerFile: Sendable {
    /// Where the file is.
    package var path: String

    package init(path: String) {
        self.path = path
    }

    /// The file's text (invalid UTF-8 becomes U+FFFD, which the compiler then reports).
    package func read() throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw ToolError.io("cannot read \(path)") }
        return String(decoding: data, as: UTF8.self)
    }

    /// When the file was last modified, in seconds; nil when it cannot be read.
    package var modificationTime: Double? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
    }

    /// Waits (checking every 300 ms) until the modification time is no longer `last`, and
    /// returns the new one; throws `CancellationError` when the task is cancelled.
    package func waitForChange(from last: Double?) async throws -> Double? {
        while modificationTime == last {
            try await Task.sleep(for: .milliseconds(300))
        }
        return modificationTime
    }
}
