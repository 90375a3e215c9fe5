import CommonMark
import Foundation
import Testing

/// Runs every example of the CommonMark 0.31.2 spec through the HTML renderer.
///
/// `Fixtures/spec.json` holds the spec's examples (the spec is CC-BY-SA 4.0, by John
/// MacFarlane); it is read through `#filePath`, so the test needs nothing outside the package.
@Suite struct SpecConformanceTests {
    /// One spec example.
    struct Example {
        let number: Int
        let section: String
        let markdown: String
        let html: String
    }

    /// The examples, loaded from the fixture beside this file.
    static func loadExamples() throws -> [Example] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/spec.json")
        let data = try Data(contentsOf: url)
        let objects = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        return objects.compactMap { object in
            guard let number = object["example"] as? Int,
                let section = object["section"] as? String,
                let markdown = object["markdown"] as? String,
                let html = object["html"] as? String
            else { return nil }
            return Example(number: number, section: section, markdown: markdown, html: html)
        }
    }

    /// The number of examples rendered byte for byte as the spec expects, measured when the
    /// renderer was finished; a change that lowers it is a regression.
    static let passingThreshold = 652

    @Test func everySpecExampleRendersExactly() throws {
        let examples = try Self.loadExamples()
        #expect(examples.count == 652)
        let failing = examples.filter { CommonMark.renderHTML($0.markdown) != $0.html }
        let passing = examples.count - failing.count
        #expect(
            passing >= Self.passingThreshold,
            "failing examples: \(failing.prefix(20).map { "\($0.number) (\($0.section))" })")
    }

    @Test func codeBlocksOfTheSpecKeepTheirLiteral() throws {
        // For each spec example that is a single fenced code block, the parsed literal is
        // exactly what the renderer puts between <code> tags (unescaped).
        let examples = try Self.loadExamples().filter { $0.section == "Fenced code blocks" }
        var checked = 0
        for example in examples {
            let blocks = CommonMark.parse(example.markdown).blocks
            guard blocks.count == 1, case .codeBlock(let code) = blocks[0] else { continue }
            let rendered = CommonMark.renderHTML(example.markdown)
            #expect(rendered.contains(HTMLEscaping.escapeText(code.literal) + "</code></pre>"))
            checked += 1
        }
        #expect(checked >= 15)
    }
}
