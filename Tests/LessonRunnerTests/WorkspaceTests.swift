import Foundation
import LessonCore
import LessonRunner
import Testing

/// Finding the workshop, and recording runs by lesson identity.
struct WorkspaceTests {
    /// A new workshop directory with `Lessons/01-a.md` and `Lessons/02-b.md`.
    static func workshop() throws -> String {
        let root = NSTemporaryDirectory() + "lesson-workspace-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: "\(root)/Lessons/deeper", withIntermediateDirectories: true)
        for name in ["01-a", "02-b"] {
            try "# \(name)\n".write(toFile: "\(root)/Lessons/\(name).md", atomically: true, encoding: .utf8)
        }
        return root
    }

    static func report(_ path: String, passed: Bool) -> LessonReport {
        LessonReport(
            path: path, title: "t",
            snippets: [SnippetReport(id: "1", line: 1, mode: .run, status: passed ? .pass : .fail)])
    }

    @Test func theWorkshopIsFoundWalkingUpOrNamedExplicitly() throws {
        let root = try Self.workshop()
        let found = try Workspace.discover(from: "\(root)/Lessons/deeper", environment: [:])
        #expect(found.isWorkshop)
        #expect(found.root == URL(fileURLWithPath: root).standardizedFileURL.path)
        let named = try Workspace.discover(from: "/", environment: ["LESSON_WORKSHOP": root])
        #expect(named.root == found.root)
        #expect(throws: UsageError.self) {
            try Workspace.discover(from: "/", environment: ["LESSON_WORKSHOP": "\(root)/Lessons"])
        }
        let nowhere = try Workspace.discover(from: NSTemporaryDirectory(), environment: [:])
        #expect(!nowhere.isWorkshop || nowhere.root != found.root)
    }

    @Test func aCopyOutsideTheWorkshopNeverOverwritesTheLessonsRecord() throws {
        let root = try Self.workshop()
        let workspace = Workspace(root: root)
        let lesson = "\(root)/Lessons/01-a.md"
        #expect(try workspace.record(Self.report(lesson, passed: true), source: "# 01-a\n"))
        let copy = NSTemporaryDirectory() + "lesson-copy-\(UUID().uuidString)/01-a.md"
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: copy).deletingLastPathComponent().path, withIntermediateDirectories: true)
        try "# edited\n".write(toFile: copy, atomically: true, encoding: .utf8)
        #expect(try !workspace.record(Self.report(copy, passed: false), source: "# edited\n"))
        // Nor does a file inside the workshop that is not one of its lessons.
        let nested = "\(root)/Lessons/deeper/01-a.md"
        try "# nested\n".write(toFile: nested, atomically: true, encoding: .utf8)
        #expect(try !workspace.record(Self.report(nested, passed: false), source: "# nested\n"))
        let kept = try #require(workspace.lastRun(of: lesson))
        #expect(kept.report.passed)
        #expect(kept.lesson == "Lessons/01-a.md")
        #expect(kept.sourceHash == SHA256.hex("# 01-a\n"))
        #expect(workspace.lastRun(of: copy) == nil)
        // Named relative to another directory, it is still the same lesson.
        #expect(workspace.lastRun(of: "\(root)/Lessons/../Lessons/01-a.md")?.lesson == "Lessons/01-a.md")
    }

    @Test func recordingLeavesNoStrayRecords() throws {
        let root = try Self.workshop()
        let workspace = Workspace(root: root)
        try FileManager.default.createDirectory(atPath: workspace.runsDirectory, withIntermediateDirectories: true)
        // A record kept by file name, as older versions did, and one of a deleted lesson.
        try "{}".write(toFile: "\(workspace.runsDirectory)/01-a.json", atomically: true, encoding: .utf8)
        #expect(try workspace.record(Self.report("\(root)/Lessons/02-b.md", passed: true), source: "# 02-b\n"))
        #expect(try workspace.record(Self.report("\(root)/Lessons/01-a.md", passed: true), source: "# 01-a\n"))
        try FileManager.default.removeItem(atPath: "\(root)/Lessons/02-b.md")
        #expect(try workspace.record(Self.report("\(root)/Lessons/01-a.md", passed: false), source: "# 01-a\n"))
        let left = try FileManager.default.subpathsOfDirectory(atPath: workspace.runsDirectory).filter {
            $0.hasSuffix(".json")
        }
        #expect(left == ["Lessons/01-a.md.json"])
    }

    @Test func aRecordThatNamesAnotherLessonIsNotItsRun() throws {
        let root = try Self.workshop()
        let workspace = Workspace(root: root)
        let lesson = "\(root)/Lessons/01-a.md"
        #expect(try workspace.record(Self.report(lesson, passed: true), source: "x"))
        let path = try #require(workspace.recordPath(for: lesson))
        var run = try JSONDecoder().decode(RecordedRun.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        run.lesson = "Lessons/02-b.md"
        try writeJSON(run, to: path)
        #expect(workspace.lastRun(of: lesson) == nil)
    }
}
