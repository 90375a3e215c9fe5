import Foundation
import LessonCore
import LessonRunner

/// `lesson list`: every lesson with its title and last recorded result.
enum ListCommand {
    static func run(_ words: [String]) async -> Int32 {
        do {
            _ = try Arguments(words, flags: [], options: [])
            let workspace = try Workspace.discover()
            try workspace.requireWorkshop()
            let files = workspace.lessonFiles()
            var text = "Lessons (\(workspace.displayPath(workspace.lessonsDirectory))):\n"
            for path in files {
                let source =
                    (FileManager.default.contents(atPath: path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
                let (lesson, problems) = LessonParser.parse(source, path: path)
                let stem = String(path.split(separator: "/").last!.dropLast(3))
                var status = "not run yet"
                if !problems.isEmpty {
                    status = "\(problems.count) problem\(problems.count == 1 ? "" : "s") in the file"
                } else if let last = workspace.lastRun(of: path) {
                    let summary = last.report.summary
                    let total = summary.passed + summary.failed + summary.errors
                    status =
                        last.report.passed
                        ? "passed \(summary.passed)/\(total)" : "failing \(summary.failed + summary.errors)/\(total)"
                    status += " (\(last.recordedAt))"
                }
                text += "  \(stem.padded(28)) \(lesson.title.padded(36)) \(status)\n"
            }
            if files.isEmpty { text += "  (none)\n" }
            text += "\n" + (try QuizCommand.list(GraderCatalog(workspace: workspace)))
            writeStandardOutput(text)
            return CLI.Exit.passed
        } catch {
            return CLI.exitCode(for: error)
        }
    }
}

extension String {
    /// Padded with spaces to `width` characters.
    func padded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
