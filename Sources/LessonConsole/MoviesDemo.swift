import EmbeddedSources
import Foundation
import Glibc
import LessonCore
import LessonRunner

/// `lesson demo movies`: the capstone's finished API. The tool does not link SQLite or zlib;
/// it compiles its small program (`Sources/movies-demo/main.swift`, embedded) against the
/// `MovieSupport` support library through the build cache (once), then replaces itself with it
/// (the workshop's dataset folder, `WorkshopLayout.movies`, its third argument).
package enum MoviesDemo {
    /// Builds the program and runs it in place of this process; returns only on failure.
    package static func run(port: Int, rows: Int) async -> Int32 {
        do {
            let workspace = try Workspace.chosen()
            let toolchain = try Toolchain.locate()
            try workspace.createDirectory(workspace.cacheDirectory)
            // Ctrl-C while it builds stops the compiler too, as in every other command.
            Terminal.handleInterrupts(cacheDirectory: workspace.cacheDirectory)
            let cache = BuildCache(directory: workspace.cacheDirectory, toolchain: toolchain)
            writeStandardOutput("building the movie API (once; cached afterwards)...\n")
            guard let source = EmbeddedSources.files(in: "movies-demo")?.first(where: { $0.name == "main.swift" })
            else {
                throw ToolError.io("this lesson binary was built without the movie API's program")
            }
            let product = try await cache.build(
                BuildRequest(sources: [SourceFile(name: "movies-demo.swift", text: source.text)]))
            guard product.result.succeeded, let executable = product.executable else {
                let first = product.result.output.split(separator: "\n").first.map(String.init)
                Console.printError(first ?? "cannot build the movie API")
                return Console.Exit.toolFailure
            }
            // The program keeps its dataset in the workshop's state folder.
            let environment = ProcessInfo.processInfo.environment
            let arguments = [executable, "\(port)", "\(rows)", workspace.layout.movies]
            var pointers = arguments.map { strdup($0) } + [nil]
            var variables = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
            // An ignored signal stays ignored across exec: the program gets the default back,
            // so Ctrl-C stops it.
            signal(SIGINT, SIG_DFL)
            signal(SIGTERM, SIG_DFL)
            execve(executable, &pointers, &variables)
            Console.printError("cannot start \(executable): \(String(cString: strerror(errno)))")
            return Console.Exit.toolFailure
        } catch {
            Console.printError("\(error)")
            return Console.Exit.toolFailure
        }
    }
}
