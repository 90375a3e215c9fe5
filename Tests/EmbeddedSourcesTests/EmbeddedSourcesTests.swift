import EmbeddedSources
import Foundation
import LessonCore
import LessonRunner
import TestSupport
import Testing

/// The binary carries exactly the files of each embedded directory, byte for byte.
struct EmbeddedSourcesTests {
    /// Every regular file below `directory`, relative to it, sorted.
    static func files(under directory: String) throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: directory).filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: "\(directory)/\(name)", isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }.sorted()
    }

    @Test(arguments: [
        ("LessonSupport", "Sources/LessonSupport"), ("Workshop", "Templates/Workshop"),
        ("MovieSupport", "Sources/MovieSupport"), ("CSQLite", "Sources/CSQLite"), ("CZlib", "Sources/CZlib"),
        ("QuizWire", "Sources/QuizWire"), ("QuizPipe", "Sources/QuizPipe"), ("JudgeKit", "Sources/JudgeKit"),
        ("AnswerKit", "Sources/AnswerKit"), ("movies-demo", "Sources/movies-demo"),
    ])
    func theEmbeddedCopyMatchesTheDirectory(_ name: String, _ path: String) throws {
        let directory = "\(Fixtures.root)/\(path)"
        let embedded = try #require(EmbeddedSources.files(in: name))
        #expect(embedded.map(\.name) == (try Self.files(under: directory)))
        for file in embedded {
            let text = try String(contentsOfFile: "\(directory)/\(file.name)", encoding: .utf8)
            #expect(file.text == text, "\(path)/\(file.name) differs from its embedded copy")
        }
        #expect(EmbeddedSources.directories.contains(name))
        #expect(EmbeddedSources.files(in: "NoSuchDirectory") == nil)
    }
}

/// The suites of this target that compile with real `swiftc`: never beside another target's
/// (see `OneTargetAtATime`).
@Suite(.serialized, .oneTargetAtATime) struct RealProcesses {}

extension RealProcesses {
    /// The generator itself: whatever a file holds, the generated Swift reproduces it exactly.
    @Suite struct EmbedSourcesToolTests {
        /// The generator built beside the test bundle (`EmbedSourcesTool-tool`, or without the
        /// suffix in builds that do not split host tools).
        static let tool: String? = {
            let directory = Fixtures.binDirectory
            return ["EmbedSourcesTool-tool", "EmbedSourcesTool"].map { "\(directory)/\($0)" }
                .first { FileManager.default.isExecutableFile(atPath: $0) }
        }()

        @Test func awkwardTextSurvivesTheRoundTrip() async throws {
            let tool = try #require(Self.tool, "no EmbedSourcesTool beside \(Fixtures.binary)")
            let scratch = NSTemporaryDirectory() + "lesson-embed-\(UUID().uuidString)"
            try FileManager.default.createDirectory(
                atPath: "\(scratch)/input/deeper", withIntermediateDirectories: true)
            // Quotes, hashes and backslashes in every order a raw string literal could trip on.
            let (quote, hash, slash) = ("\"", "#", "\\")
            let tricky =
                "let a = " + hash + quote + "q " + quote + hash + " + " + quote + slash + hash + "(x)" + quote
                + " + " + hash + hash + quote + slash + hash + hash + "(y)" + quote + hash + hash + " + "
                + quote + quote + quote
            let notes = quote + quote + quote + "\n" + slash + "(i) " + slash + "n ###" + quote + "\n\n  spaces  \n"
            let awkward = ["Tricky.swift": tricky, "deeper/notes.md": notes, "empty.h": ""]
            for (name, text) in awkward {
                try text.write(toFile: "\(scratch)/input/\(name)", atomically: true, encoding: .utf8)
            }
            var generate = Subprocess(
                executable: tool, arguments: ["\(scratch)/Generated.swift", "Input", "\(scratch)/input"])
            generate.standardOutput = .pipe
            let generated = try await generate.run()
            #expect(generated.exitCode == 0, "\(generated.text(of: .stderr))")
            // Compile the generated file with the type it fills in and a program that prints
            // each embedded file's name and whether its text is exactly the input's.
            let support = "\(Fixtures.root)/Sources/EmbeddedSources/EmbeddedSources.swift"
            let input = "\(scratch)/input/"
            let main = """
                import Foundation
                for file in EmbeddedSources.files(in: "Input") ?? [] {
                    let disk = try String(contentsOfFile: "\(input)" + file.name, encoding: .utf8)
                    print(file.name, file.text == disk)
                }

                """
            try main.write(toFile: "\(scratch)/main.swift", atomically: true, encoding: .utf8)
            var compile = Subprocess(
                executable: try Toolchain.locate().swiftc,
                arguments: [
                    "-swift-version", "6", "-o", "\(scratch)/check", "\(scratch)/main.swift", support,
                    "\(scratch)/Generated.swift",
                ])
            compile.standardOutput = .pipe
            compile.timeout = 300
            let compiled = try await compile.run()
            #expect(compiled.exitCode == 0, "\(compiled.text(of: .stdout))\(compiled.text(of: .stderr))")
            let checked = try await Subprocess(executable: "\(scratch)/check", arguments: []).run()
            #expect(
                checked.lines(of: .stdout).map(\.text) == ["Tricky.swift true", "deeper/notes.md true", "empty.h true"])
        }
    }
}
