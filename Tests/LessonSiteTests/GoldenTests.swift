import Foundation
import LessonSite
import Testing

/// Every file of the fixture site against its golden copy in `Golden/`. Set
/// `LESSON_RECORD_GOLDEN=1` to rewrite the golden files from the current output.
@Suite struct GoldenTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static var recording: Bool { ProcessInfo.processInfo.environment["LESSON_RECORD_GOLDEN"] == "1" }

    @Test func siteMatchesGoldenFiles() throws {
        let files = SiteFixture.site
        if Self.recording {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
        }
        for file in files {
            let url = Self.directory.appendingPathComponent(file.path)
            if Self.recording {
                try Data(file.contents.utf8).write(to: url)
                continue
            }
            let golden = try #require(
                FileManager.default.contents(atPath: url.path),
                "missing golden file \(file.path); record with LESSON_RECORD_GOLDEN=1")
            let expected = String(decoding: golden, as: UTF8.self)
            if expected != file.contents {
                let first = firstDifference(expected, file.contents)
                Issue.record(
                    "\(file.path) differs from its golden file at line \(first.line):\n- \(first.expected)\n+ \(first.actual)"
                )
            }
        }
    }

    @Test func everyGoldenFileIsUsed() throws {
        let produced = Set(SiteFixture.site.map(\.path))
        let present = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path)
        let unused = present.filter { !produced.contains($0) && !$0.hasPrefix(".") }
        #expect(unused.isEmpty, "golden files no test produces: \(unused.sorted())")
    }

    func firstDifference(_ expected: String, _ actual: String) -> (line: Int, expected: String, actual: String) {
        let left = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let right = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(left.count, right.count) {
            let a = index < left.count ? String(left[index]) : "<end>"
            let b = index < right.count ? String(right[index]) : "<end>"
            if a != b { return (index + 1, a, b) }
        }
        return (0, "", "")
    }
}
