import Foundation
import LessonCore

/// The sources compiled around a quiz: the judge kit (`Sources/JudgeKit`, with the C module
/// in `Sources/CJudge`), the answer kit (`Sources/AnswerKit`) and the line format both speak
/// (`Sources/QuizWire`). They are real files of the package, read from the workshop root.
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

    /// Reads the kits from `root/Sources`.
    package static func load(root: String) throws -> GraderKits {
        func files(_ directory: String, suffixes: [String]) throws -> [SourceFile] {
            let path = "\(root)/Sources/\(directory)"
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
                throw ToolError.io("the grading kit \(path) is missing")
            }
            return try names.filter { name in suffixes.contains { name.hasSuffix($0) } }.sorted().map { name in
                guard let data = FileManager.default.contents(atPath: "\(path)/\(name)") else {
                    throw ToolError.io("cannot read \(path)/\(name)")
                }
                let text = String(decoding: data, as: UTF8.self)
                // Swift files are named after their kit, so no two kits' files collide.
                return SourceFile(name: name.hasSuffix(".swift") ? "\(directory)-\(name)" : name, text: text)
            }
        }
        let wire = try files("QuizWire", suffixes: [".swift"])
        return GraderKits(
            judge: wire + (try files("JudgeKit", suffixes: [".swift"]))
                + (try files("CJudge", suffixes: [".h", ".modulemap"])),
            answer: wire + (try files("AnswerKit", suffixes: [".swift"])))
    }
}
