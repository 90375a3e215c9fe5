import CommonMark
import Foundation
import LessonConsole
import LessonRunner

/// `lesson markdown`: renders CommonMark from standard input to HTML on standard output.
///
/// - no option: markdown in, HTML out.
/// - `--batch`: a JSON array of markdown strings in, a JSON array of HTML strings out.
/// - `--tree`: markdown in, the block tree with source positions out.
/// - `--benchmark FILE.json [--passes N]`: renders every example of a spec file (a JSON array
///   of strings, or of objects with a `markdown` field) N times and prints the time per pass.
enum MarkdownCommand {
    /// Runs the subcommand; returns 0 on success and 2 on bad usage or bad input.
    static func run(_ arguments: [String]) async -> Int32 {
        switch arguments.first {
        case nil:
            writeStandardOutput(CommonMark.renderHTML(readStandardInput()))
            return CLI.Exit.passed
        case "--batch" where arguments.count == 1:
            return runBatch()
        case "--tree" where arguments.count == 1:
            writeStandardOutput(CommonMark.parse(readStandardInput()).debugDescription)
            return CLI.Exit.passed
        case "--benchmark" where arguments.count >= 2:
            return runBenchmark(path: arguments[1], options: Array(arguments.dropFirst(2)))
        default:
            CLI.printError(
                "usage: lesson markdown [--batch | --tree | --benchmark FILE.json [--passes N]]")
            return CLI.Exit.usage
        }
    }

    /// Reads all of standard input as UTF-8 (invalid bytes become U+FFFD).
    static func readStandardInput() -> String {
        String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    }

    /// Renders a JSON array of markdown strings to a JSON array of HTML strings.
    static func runBatch() -> Int32 {
        guard let json = MarkdownTools.batch(FileHandle.standardInput.readDataToEndOfFile()) else {
            CLI.printError("markdown --batch: standard input is not a JSON array of strings")
            return CLI.Exit.usage
        }
        writeStandardOutput(String(decoding: json, as: UTF8.self) + "\n")
        return CLI.Exit.passed
    }

    /// Renders every example of a spec file `passes` times and prints the time per pass.
    static func runBenchmark(path: String, options: [String]) -> Int32 {
        var passes = 200
        if options.count == 2, options[0] == "--passes", let n = Int(options[1]), n > 0 {
            passes = n
        } else if !options.isEmpty {
            CLI.printError("markdown --benchmark: expected --passes N")
            return CLI.Exit.usage
        }
        guard let inputs = MarkdownTools.examples(in: path) else {
            CLI.printError("markdown --benchmark: \(path) is not a readable JSON array")
            return CLI.Exit.usage
        }
        guard !inputs.isEmpty else {
            CLI.printError("markdown --benchmark: \(path) holds no markdown examples")
            return CLI.Exit.usage
        }
        writeStandardOutput(MarkdownTools.benchmark(inputs, passes: passes))
        return CLI.Exit.passed
    }
}
