import LessonConsole
import LessonCore
import LessonRunner

/// `lesson list`: every lesson with its title and last recorded result, then every quiz with
/// the learner's progress.
enum ListCommand {
    static func run(_ words: [String]) async -> Int32 {
        do {
            _ = try Arguments(words, flags: [], options: [])
            let workspace = try Workspace.chosen()
            try workspace.requireWorkshop()
            writeStandardOutput(WorkshopListing.render(try Workshop.load(workspace)))
            return CLI.Exit.passed
        } catch {
            return CLI.exitCode(for: error)
        }
    }
}
