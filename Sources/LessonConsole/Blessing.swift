import LessonCore
import LessonRunner

/// `lesson bless`'s work: rewrites a lesson's `output` and `stderr` blocks from an actual run.
package enum Blessing {
    /// Runs lesson `name`, rewrites the blocks that differ, says which, and returns 1 when a
    /// check still fails after (listed on standard error), else 0.
    package static func bless(_ name: String, session: Session, options: RunOptions) async throws -> Int32 {
        let path = try session.workspace.resolveLesson(name)
        guard let lesson = try session.parse([path]).first else { return Console.Exit.usage }
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
            return Console.Exit.failed
        }
        return Console.Exit.passed
    }
}
