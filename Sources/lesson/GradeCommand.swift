import Foundation
import LessonConsole
import LessonCore
import LessonRunner

/// `lesson grade <quiz> [ANSWER.swift] [--json] [--format FORMAT] [--watch] [--seed N]`: builds
/// the answer and the quiz's judge, runs every check and reports each one.
enum GradeCommand {
    static let usage = "grade <quiz> [ANSWER.swift] [--json] [--format FORMAT] [--watch] [--seed N]"

    static func run(_ words: [String]) async -> Int32 {
        do {
            let arguments = try Arguments(words, flags: ["json", "watch"], options: ["timeout", "seed", "format"])
            guard (1...2).contains(arguments.positional.count) else {
                throw UsageError("usage: lesson \(usage)")
            }
            var options = Grader.Options()
            if let text = arguments.value("timeout") {
                guard let seconds = Double(text), seconds > 0 else {
                    throw UsageError("--timeout needs a number of seconds, not '\(text)'")
                }
                options.timeout = seconds
            }
            if let text = arguments.value("seed") {
                guard let seed = UInt64(text) else {
                    throw UsageError("--seed needs a whole number (the one a grade printed), not '\(text)'")
                }
                options.seed = seed
            }
            var format = arguments.has("json") ? GradeFormat.exercism : GradeFormat.terminal
            if let text = arguments.value("format") {
                guard let chosen = GradeFormat(rawValue: text), !(arguments.has("json") && chosen != .exercism) else {
                    throw UsageError(
                        "--format is one of \(GradeFormat.allCases.map(\.rawValue).joined(separator: ", ")) "
                            + "(--json is --format exercism), not '\(text)'")
                }
                format = chosen
            }
            let grading = try Grading.open(
                quiz: arguments.positional[0], answer: arguments.positional.dropFirst().first, format: format,
                options: options, session: try Session.open())
            if arguments.has("watch") {
                return try await grading.watch()
            }
            return try await grading.once()
        } catch {
            return CLI.exitCode(for: error)
        }
    }
}
