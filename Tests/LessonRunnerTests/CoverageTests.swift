import Foundation
import LessonCore
import TestSupport
import Testing

/// `COVERAGE.md` names, for every concept of the Python sources, the snippets that check
/// it and the expected lines that show it. Every snippet it names must exist and be
/// checked (run against an expected output, or refused by the compiler with expected
/// diagnostics), and the first snippet's expectation blocks must hold the row's lines, in
/// the row's order.
@Suite struct CoverageTests {
    /// One table row of `COVERAGE.md`.
    struct Row {
        /// Its line number.
        var line: Int
        /// The `NN id` references of its "Checked by" cell, in order.
        var references: [(lesson: String, id: String)]
        /// The backticked lines of its "Shown by" cell, in order.
        var evidence: [String]
    }

    /// Every table row of `COVERAGE.md` (header and delimiter rows left out).
    static func rows(in text: String) -> [Row] {
        var rows: [Row] = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.hasPrefix("| ") && !line.hasPrefix("|---") && !line.hasPrefix("| Concept |") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false)
            // "", concept, checked by, shown by, "": a row without its third cell has no evidence.
            let checkedBy = cells.count >= 5 ? cells[cells.count - 3] : cells[cells.count - 2]
            let shownBy = cells.count >= 5 ? cells[cells.count - 2] : ""
            var references: [(String, String)] = []
            for (before, quoted) in backticked(checkedBy) {
                let lesson = before.split(separator: " ").last.map(String.init) ?? ""
                if lesson.count == 2, lesson.allSatisfy(\.isNumber) { references.append((lesson, quoted)) }
            }
            rows.append(
                Row(line: offset + 1, references: references, evidence: backticked(shownBy).map(\.quoted)))
        }
        return rows
    }

    /// Each backticked span of `cell`, with the text between it and the previous span.
    static func backticked(_ cell: Substring) -> [(before: Substring, quoted: String)] {
        var found: [(Substring, String)] = []
        var rest = cell
        while let tick = rest.firstIndex(of: "`") {
            let afterTick = rest.index(after: tick)
            guard let close = rest[afterTick...].firstIndex(of: "`") else { break }
            found.append((rest[..<tick], String(rest[afterTick..<close])))
            rest = rest[rest.index(after: close)...]
        }
        return found
    }

    /// What is wrong with `row`, read against `lessons` (by number); empty when it is right.
    static func problems(with row: Row, lessons: [String: Lesson]) -> [String] {
        let at = "COVERAGE.md:\(row.line)"
        guard !row.references.isEmpty else { return ["\(at): the row names no snippet"] }
        var problems: [String] = []
        var snippets: [Snippet] = []
        for reference in row.references {
            guard let lesson = lessons[reference.lesson] else {
                problems.append("\(at): no lesson \(reference.lesson)")
                continue
            }
            guard let snippet = lesson.snippets.first(where: { $0.id == reference.id }) else {
                problems.append("\(at): lesson \(reference.lesson) has no snippet '\(reference.id)'")
                continue
            }
            let checked =
                switch snippet.mode {
                case .run: snippet.expectation(.output) != nil || snippet.expectation(.stderr) != nil
                case .compileFail: snippet.expectation(.diagnostics) != nil
                // An exercise's page code is the starter, which does not show what its blocks say.
                case .skip, .compile, .prelude, .exercise: false
                }
            if !checked { problems.append("\(at): \(reference.lesson) \(reference.id) is not checked") }
            snippets.append(snippet)
        }
        guard problems.isEmpty, let first = snippets.first else { return problems }
        guard !row.evidence.isEmpty else {
            return ["\(at): the row does not say which expected lines show it (a \"Shown by\" cell)"]
        }
        let name = "\(row.references[0].lesson) \(row.references[0].id)"
        if !first.expectations.contains(where: { shows(row.evidence, $0) }) {
            let chain = row.evidence.map { "'\($0)'" }.joined(separator: " → ")
            problems.append(
                "\(at): no expectation block of \(name) shows \(chain) (every line, in this order, "
                    + "and with later stamps in an unordered block)")
        }
        return problems
    }

    /// True when `block` holds `lines` as written, in this order; in an unordered block the
    /// order must also be one the run checks: each line stamped later than the one before.
    static func shows(_ lines: [String], _ block: LessonCore.Expectation) -> Bool {
        var next = block.lines.startIndex
        var previousStamp: Double? = nil
        for (index, wanted) in lines.enumerated() {
            guard let found = block.lines[next...].firstIndex(where: { $0.raw == wanted }) else { return false }
            if block.unordered, index > 0 {
                guard let before = previousStamp, let stamp = block.lines[found].stamp, stamp > before else {
                    return false
                }
            }
            previousStamp = block.lines[found].stamp
            next = block.lines.index(after: found)
        }
        return true
    }

    /// The lessons of this package, by number.
    static func lessons() throws -> [String: Lesson] {
        var lessons: [String: Lesson] = [:]
        let directory = "\(Fixtures.root)/Lessons"
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasSuffix(".md") {
            lessons[String(name.prefix(2))] = try Fixtures.lesson("\(directory)/\(name)")
        }
        return lessons
    }

    @Test func everyRowsSnippetExistsIsCheckedAndShowsTheRow() throws {
        let coverage = try String(contentsOfFile: "\(Fixtures.root)/COVERAGE.md", encoding: .utf8)
        let rows = Self.rows(in: coverage)
        #expect(rows.count > 90)
        let lessons = try Self.lessons()
        for row in rows {
            for problem in Self.problems(with: row, lessons: lessons) {
                Issue.record("\(problem)")
            }
        }
    }

    /// The two rows issue 22 found: a row whose snippet prints the opposite order, and one
    /// whose snippet shows nothing like the row's claim. Both must fail, against the real
    /// lessons; so must a chain whose order an unordered block does not check, and a row
    /// that does not say what shows it.
    @Test func rowsThatDoNotShowTheirClaimFail() throws {
        let lessons = try Self.lessons()
        let text = """
            | HERE / INSIDE / THERE with `create_task` and `sleep(0)` | 03 `task-order` | `HERE` → `INSIDE` → `THERE` |
            | 100 requests took 41 s | 00 `tasks-are-cheap` | `[41s] 100 requests done` |
            | both grind at once, Ann first | 00 `actor-is-not-a-lock` | `[0.0s] Ann starts grinding` → `[0.0s] Ben starts grinding` |
            | no evidence | 03 `task-order` |
            | the same, right | 03 `task-yield` | `HERE` → `INSIDE` → `THERE` |
            """
        let problems = Self.rows(in: text).map { Self.problems(with: $0, lessons: lessons) }
        #expect(problems.count == 5)
        #expect(
            problems[0] == [
                "COVERAGE.md:1: no expectation block of 03 task-order shows 'HERE' → 'INSIDE' → 'THERE' (every line, "
                    + "in this order, and with later stamps in an unordered block)"
            ])
        #expect(problems[1].count == 1 && problems[1][0].contains("'[41s] 100 requests done'"))
        #expect(problems[2].count == 1 && problems[2][0].contains("00 actor-is-not-a-lock"))
        #expect(
            problems[3] == ["COVERAGE.md:4: the row does not say which expected lines show it (a \"Shown by\" cell)"])
        #expect(problems[4].isEmpty)
    }

    @Test func referencesAndEvidenceAreReadFromTheirCells() {
        let text = """
            intro 01 `nope`
            | a `x` | 01 `one`, 02 `two` | `line 1` → `[0.2s] line 2` |
            |---|---|---|
            | b | lessons 11+ |
            """
        let rows = Self.rows(in: text)
        #expect(rows.map(\.line) == [2, 4])
        #expect(rows[0].references.map { "\($0.lesson) \($0.id)" } == ["01 one", "02 two"])
        #expect(rows[0].evidence == ["line 1", "[0.2s] line 2"])
        #expect(rows[1].references.isEmpty && rows[1].evidence.isEmpty)
    }

    /// Every "lesson quiz NN" in a lesson names a quiz that exists, and the last lesson a
    /// quiz builds on (the highest lesson its README links) points at it.
    @Test func quizPointersAreRight() throws {
        let root = Fixtures.root
        let quizzes = try FileManager.default.contentsOfDirectory(atPath: "\(root)/Quizzes").filter {
            $0.first?.isNumber == true
        }
        let lessonFiles = try FileManager.default.contentsOfDirectory(atPath: "\(root)/Lessons").filter {
            $0.hasSuffix(".md")
        }
        var pointers: [String: Set<String>] = [:]  // lesson number -> quiz numbers it points at
        for file in lessonFiles {
            let text = try String(contentsOfFile: "\(root)/Lessons/\(file)", encoding: .utf8)
            for match in text.matches(of: /lesson quiz (\d\d)/) {
                let quiz = String(match.1)
                #expect(
                    quizzes.contains { $0.hasPrefix("\(quiz)-") },
                    "\(file) points at quiz \(quiz), which does not exist")
                pointers[String(file.prefix(2)), default: []].insert(quiz)
            }
        }
        for quiz in quizzes {
            let readme = try String(contentsOfFile: "\(root)/Quizzes/\(quiz)/README.md", encoding: .utf8)
            let linked = readme.matches(of: /\((\d\d)-[a-z0-9-]+\.html/).map { String($0.1) }
            let last = try #require(linked.max(), "quiz \(quiz) links no lesson")
            let number = String(quiz.prefix(2))
            #expect(
                pointers[last]?.contains(number) == true,
                "lesson \(last), the last quiz \(number) builds on, does not point at it")
        }
    }
}
