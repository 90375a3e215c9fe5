import EmbeddedSources
import Foundation
import LessonCore
import LessonRunner
import QuizWire
import TestSupport
import Testing

extension RealProcesses {
    /// The judge writes its verdicts with the wire format compiled into it (the embedded
    /// `Sources/QuizWire` and `Sources/QuizPipe`), and `lesson` reads them with `JudgeReport`,
    /// which asks the `QuizWire` module built from the same file. This suite compiles the
    /// embedded wire source alone, as the grader does, and checks that the program and the
    /// module agree on every character the format escapes.
    @Suite struct WireAgreementTests {
        static let samples = [
            "plain", "a\ttab", "a\nnewline", "a\rreturn", "back\\slash", "\\n written out", "ends with \\",
            "\\\\\\t", "é 東京物語 🚀", "", "\t\n\r\\",
        ]

        @Test func theWireAndTheReportEscapeAlike() async throws {
            let wire = try GraderKits.embedded().answer.filter {
                $0.name.hasPrefix("QuizWire-") || $0.name.hasPrefix("QuizPipe-")
            }
            #expect(wire.count == 2)
            let main = SourceFile(
                name: "main.swift",
                text: """
                    // Each argument is one line as JudgeReport writes it: decode it with the wire
                    // format, then print how many fields it held and the line the wire writes for them.
                    for argument in CommandLine.arguments.dropFirst() {
                        let fields = Wire.fields(Array(argument.utf8))
                        Wire.write(Array("\\(fields.count) ".utf8) + Wire.line(fields), to: 1)
                    }
                    """)
            let product = try await Fixtures.cache.build(BuildRequest(sources: [main] + wire))
            let executable = try #require(product.executable, "\(product.result.output)")
            // One line per sample alone, and one line holding them all as fields.
            let lines =
                Self.samples.map { Wire.escape($0) } + [Self.samples.map { Wire.escape($0) }.joined(separator: "\t")]
            var process = Subprocess.compiledSwift(executable, arguments: lines)
            process.timeout = 20
            let result = try await process.run()
            #expect(result.exitCode == 0, "\(result.text(of: .stderr))")
            let printed = result.lines(of: .stdout).map(\.text)
            let expected = Self.samples.map { "1 \(Wire.escape($0))" } + ["\(Self.samples.count) \(lines.last!)"]
            #expect(printed == expected)
            // And the way back: what the wire writes, JudgeReport reads as the original text.
            for sample in Self.samples {
                #expect(Wire.unescape(Wire.escape(sample)) == sample)
                #expect(JudgeReport.parse(JudgeReport.fail(message: sample).line) == [.fail(message: sample)])
            }
        }
    }
}
