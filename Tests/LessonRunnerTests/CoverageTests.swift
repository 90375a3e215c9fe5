import Foundation
import LessonCore
import Testing

/// `COVERAGE.md` names, for every concept of the Python sources, the snippets that check
/// it. Every snippet it names must exist and be checked: run against an expected output,
/// or refused by the compiler with expected diagnostics.
@Suite struct CoverageTests {
    /// Every `NN id` reference in the table rows of `COVERAGE.md`, with its line number.
    static func references(in text: String) -> [(line: Int, lesson: String, id: String)] {
        var found: [(Int, String, String)] = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.hasPrefix("| ") && !line.hasPrefix("|---") {
            guard let cell = line.split(separator: "|").last else { continue }
            var rest = cell[...]
            while let tick = rest.firstIndex(of: "`") {
                let before = rest[..<tick].split(separator: " ").last.map(String.init) ?? ""
                let afterTick = rest.index(after: tick)
                guard let close = rest[afterTick...].firstIndex(of: "`") else { break }
                if before.count == 2, before.allSatisfy(\.isNumber) {
                    found.append((offset + 1, before, String(rest[afterTick..<close])))
                }
                rest = rest[rest.index(after: close)...]
            }
        }
        return found
    }

    @Test func everyNamedSnippetExistsAndIsChecked() throws {
        let coverage = try String(contentsOfFile: "\(Fixtures.root)/COVERAGE.md", encoding: .utf8)
        let references = Self.references(in: coverage)
        #expect(references.count > 50)
        let names = try FileManager.default.contentsOfDirectory(atPath: "\(Fixtures.root)/Lessons")
        var lessons: [String: Lesson] = [:]
        for reference in references {
            if lessons[reference.lesson] == nil {
                let file = try #require(
                    names.first { $0.hasPrefix("\(reference.lesson)-") && $0.hasSuffix(".md") },
                    "COVERAGE.md:\(reference.line): no lesson \(reference.lesson)")
                lessons[reference.lesson] = try Fixtures.lesson("\(Fixtures.root)/Lessons/\(file)")
            }
            let lesson = try #require(lessons[reference.lesson])
            let snippet = try #require(
                lesson.snippets.first { $0.id == reference.id },
                "COVERAGE.md:\(reference.line): lesson \(reference.lesson) has no snippet '\(reference.id)'")
            let checked =
                switch snippet.mode {
                case .run: snippet.expectation(.output) != nil || snippet.expectation(.stderr) != nil
                case .compileFail: snippet.expectation(.diagnostics) != nil
                case .skip, .compile, .prelude: false
                }
            #expect(checked, "COVERAGE.md:\(reference.line): \(reference.lesson) \(reference.id) is not checked")
        }
    }

    @Test func referencesAreFoundOnlyInTableCells() {
        let text = "intro 01 `nope`\n| a | 01 `one`, 02 `two` |\n|---|---|\n| b `x` | lessons 11+ |\n"
        #expect(Self.references(in: text).map { "\($0.line) \($0.lesson) \($0.id)" } == ["2 01 one", "2 02 two"])
    }
}
