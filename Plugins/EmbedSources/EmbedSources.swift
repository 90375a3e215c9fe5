import Foundation
import PackagePlugin

/// The directories whose files are embedded into the `lesson` binary, relative to the
/// package root; each is found by its last path component (`LessonSupport`). Add a line to
/// embed another (a support library, a judge kit).
let embeddedDirectories = [
    "Sources/LessonSupport",
    // The capstone's support library and the C modules it imports.
    "Sources/MovieSupport",
    "Sources/CSQLite",
    "Sources/CZlib",
    // The program `lesson demo movies` compiles against MovieSupport.
    "Sources/movies-demo",
    // What `lesson init` writes.
    "Templates/Workshop",
    // The quiz judge's kit and its C module, the answer's kit, and the line format both speak.
    "Sources/JudgeKit",
    "Sources/CJudge",
    "Sources/AnswerKit",
    "Sources/QuizWire",
    "Sources/QuizPipe",
    // SHA-256, which judges draw their random inputs from (one implementation for all).
    "Sources/LessonCore/Support",
    // What the kernel says of a process's threads, which quiz 06's judge reads of the answer.
    "Sources/LessonRunner/ProcFS",
    // The live page's script and style sheet (`lesson serve`).
    "Sources/LessonServe/ServeFront",
    // The static site's script and style sheet.
    "Sources/LessonSite/SiteAssets",
]

/// Generates `EmbeddedSources.generated.swift`: the text of every file under each
/// directory of `embeddedDirectories`, so a `lesson` binary carries the sources it compiles
/// into snippets and needs no checkout beside it. Every embedded file is an input of the
/// command, so editing, adding or removing one regenerates the file.
@main
struct EmbedSources: BuildToolPlugin {
    /// The one build command: run `EmbedSourcesTool` over every embedded directory.
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let root = context.package.directoryURL
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedSources.generated.swift")
        var arguments = [output.path(percentEncoded: false)]
        var inputs: [URL] = []
        for directory in embeddedDirectories {
            let url = root.appending(path: directory)
            arguments += [url.lastPathComponent, url.path(percentEncoded: false)]
            inputs.append(url)
            inputs += sourceFiles(under: url)
        }
        return [
            .buildCommand(
                displayName: "Embedding \(embeddedDirectories.joined(separator: ", "))",
                executable: try context.tool(named: "EmbedSourcesTool").url,
                arguments: arguments,
                inputFiles: inputs,
                outputFiles: [output])
        ]
    }

    /// Every file below `directory`, sorted.
    private func sourceFiles(under directory: URL) -> [URL] {
        guard
            let walker = FileManager.default.enumerator(
                at: directory, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        return walker.compactMap { $0 as? URL }.filter {
            (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
        }
        .sorted { $0.path < $1.path }
    }
}
