import EmbeddedSources
import LessonCore

/// The sources compiled around a quiz: the judge kit (`Sources/JudgeKit`, with the C module
/// in `Sources/CJudge`), the answer kit (`Sources/AnswerKit`) and the line format both speak
/// (`Sources/QuizWire`, and `Sources/QuizPipe` for the pipes). They are real files and
/// targets of the package (so `swift build` type-checks them), embedded into the binary when
/// it is built.
package struct GraderKits: Sendable, Hashable {
    /// The judge program's kit: the wire format, the judge kit and the C module (header
    /// and module map, compiled with `-I .`).
    package var judge: [SourceFile]
    /// The answer program's kit: the wire format and the answer kit.
    package var answer: [SourceFile]

    package init(judge: [SourceFile], answer: [SourceFile]) {
        self.judge = judge
        self.answer = answer
    }

    /// The kits embedded into this binary when it was built.
    package static func embedded() throws -> GraderKits {
        func files(_ directory: String, suffixes: [String]) throws -> [SourceFile] {
            guard let embedded = EmbeddedSources.files(in: directory) else {
                throw ToolError.io("this lesson binary was built without the grading kit \(directory)")
            }
            return embedded.filter { file in suffixes.contains { file.name.hasSuffix($0) } }.map { file in
                // Swift files are named after their kit, so no two kits' files collide.
                SourceFile(
                    name: file.name.hasSuffix(".swift") ? "\(directory)-\(file.name)" : file.name, text: file.text)
            }
        }
        let wire = try files("QuizWire", suffixes: [".swift"]) + (try files("QuizPipe", suffixes: [".swift"]))
        return GraderKits(
            judge: wire + (try files("JudgeKit", suffixes: [".swift"]))
                + (try files("Support", suffixes: [".swift"])).filter { $0.name == "Support-SHA256.swift" }
                + (try files("ProcFS", suffixes: [".swift"]))
                + (try files("CJudge", suffixes: [".h", ".modulemap"])),
            answer: wire + (try files("AnswerKit", suffixes: [".swift"])))
    }
}
