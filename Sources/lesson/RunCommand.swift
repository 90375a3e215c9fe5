import Foundation
import LessonConsole
import LessonCore
import LessonRunner

/// `lesson run <lesson>… | --all [--snippet ID] [--json] [--repeat N] [--jobs N]`
/// `[--solutions | --exercise ID]`.
enum RunCommand {
    static func run(_ words: [String]) async -> Int32 {
        do {
            let arguments = try Arguments(
                words, flags: ["all", "json", "solutions"], options: ["snippet", "repeat", "jobs", "trace", "exercise"])
            var options = RunOptions()
            options.repeatCount = try arguments.count("repeat", default: 1)
            options.jobs = try arguments.count("jobs", default: options.jobs)
            options.snippetID = arguments.value("snippet")
            return try await LessonRunning.run(
                arguments.positional, all: arguments.has("all"), session: try Session.open(), options: options,
                solutions: arguments.has("solutions"),
                exercise: arguments.value("exercise"), json: arguments.has("json"), trace: arguments.value("trace"))
        } catch {
            return CLI.exitCode(for: error)
        }
    }
}
