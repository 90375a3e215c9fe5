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
            let count = try WorkshopTemplate.create(in: directory)
            writeStandardOutput(
                "wrote a workshop to \(directory): \(count) files\n"
                    + "next, in \(directory): 'lesson run --all', then 'lesson quiz 01', 'lesson grade 01' "
                    + "and 'lesson site'\n"
            )
            return CLI.Exit.passed
        } catch {
            return CLI.exitCode(for: error)
        }
    }
}
