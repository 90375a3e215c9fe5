import Foundation
import LessonConsole
import LessonCore
import LessonRunner

/// `lesson bless <lesson>`: rewrite `output` and `stderr` blocks from an actual run.
enum BlessCommand {
    static func run(_ words: [String]) async -> Int32 {
        do {
            let arguments = try Arguments(words, flags: [], options: ["jobs"])
            guard arguments.positional.count == 1 else { throw UsageError("bless takes one lesson") }
            let session = try Session.open()
            let path = try session.workspace.resolveLesson(arguments.positional[0])
            guard let lesson = try session.parse([path]).first else { return CLI.Exit.usage }
            var options = RunOptions()
            options.jobs = try arguments.count("jobs", default: options.jobs)
            let report = try await session.runner.run(lesson, options: options)
            var matched: [String: (run: RunResult, matches: [BlockMatch])] = [:]
            for snippet in report.snippets {
                if let run = snippet.run { matched[snippet.id] = (run, snippet.matches) }
            }
            let (text, changed) = Blesser.bless(lesson, matched: matched)
            if changed.isEmpty {
                writeStandardOutput("\(path): every output block already matches\n")
            } else {
                try write(text, to: path)
                for block in changed {
                    writeStandardOutput("\(path):\(block.line): rewrote the \(block.kind.rawValue) block\n")
                }
            }
            let remaining = Blesser.stillFailing(text, path: path, report: report).map {
                "  \($0.snippet) (line \($0.line)) \($0.check.kind.rawValue): \($0.check.message)"
            }
            if !remaining.isEmpty {
                writeStandardError("still failing after bless:\n" + remaining.joined(separator: "\n") + "\n")
                return CLI.Exit.failed
            }
            return CLI.Exit.passed
        } catch {
            return CLI.exitCode(for: error)
        }
    }
}
