import Foundation
import LessonConsole
import LessonCore
import LessonRunner

/// `lesson export --learner DIR`: the workshop without its reference solutions, for learners.
enum ExportCommand {
    static let usage = "export --learner DIR"

    static func run(_ words: [String]) async -> Int32 {
        do {
            let arguments = try Arguments(words, flags: [], options: ["learner"])
            guard arguments.positional.isEmpty, let destination = arguments.value("learner") else {
                throw UsageError("usage: lesson \(usage)")
            }
            let workspace = try Workspace.chosen()
            try workspace.requireWorkshop()
            let outcome = try LearnerExport.export(workspace, to: destination)
            var text = "wrote the learner edition to \(destination): \(outcome.written.count) files\n"
            for (path, reason) in outcome.dropped { text += "  left out \(path): \(reason)\n" }
            text += "learners build it with 'swift build' and answer with 'lesson quiz NN' and 'lesson grade NN'\n"
            writeStandardOutput(text)
            return CLI.Exit.passed
        } catch {
            return CLI.exitCode(for: error)
        }
    }
}
