import EmbeddedSources
import Foundation
import LessonConsole
import LessonRunner

/// `lesson init DIR`: writes a new workshop into DIR (a sample lesson with timed snippets and
/// one that imports `LessonSupport`, and a sample quiz with starter, checks and solution),
/// from the template embedded in the binary. Never overwrites a file.
enum InitCommand {
    static func run(_ words: [String]) async -> Int32 {
        do {
            let arguments = try Arguments(words, flags: [], options: [])
            guard arguments.positional.count == 1 else { throw UsageError("usage: lesson init DIR") }
            let directory = arguments.positional[0]
            guard let files = EmbeddedSources.files(in: "Workshop"), !files.isEmpty else {
                throw ToolError.io("this lesson binary carries no workshop template")
            }
            let existing = files.filter { FileManager.default.fileExists(atPath: "\(directory)/\($0.name)") }
            guard existing.isEmpty else {
                throw UsageError(
                    "\(directory) already has \(existing.map(\.name).joined(separator: ", ")); "
                        + "choose an empty or new directory")
            }
            for file in files {
                let path = "\(directory)/\(file.name)"
                let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
                do {
                    try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
                } catch {
                    throw ToolError.io("cannot create \(parent): \(error.localizedDescription)")
                }
                try write(file.text, to: path)
            }
            writeStandardOutput(
                "wrote a workshop to \(directory): \(files.count) files\n"
                    + "next, in \(directory): 'lesson run --all', then 'lesson quiz 01', 'lesson grade 01' "
                    + "and 'lesson site'\n"
            )
            return CLI.Exit.passed
        } catch {
            return CLI.exitCode(for: error)
        }
    }
}
