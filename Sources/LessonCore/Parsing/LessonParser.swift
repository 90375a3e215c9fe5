import CommonMark

/// Reads a lesson's markdown into a `Lesson`, collecting every problem it finds (not just
/// the first) as diagnostics with file, line and column.
package enum LessonParser {
    /// Words a `swift` fence may carry after the language.
    package static let snippetAttributes = [
        "skip", "compile", "compile-fail", "prelude", "exercise", "crash", "exit=N", "timeout=DURATION",
        "id=NAME", "tolerance=DURATION|PERCENT", "feature=NAME[,NAME...]", "isolation=MainActor|nonisolated",
    ]
    /// Words an `output` or `stderr` fence may carry.
    package static let expectationAttributes = ["unordered", "elapsed=DURATION", "tolerance=DURATION|PERCENT"]

    /// Parses `source`, read from `path`. The lesson is returned even when there are
    /// diagnostics, so a caller can show what it understood.
    package static func parse(_ source: String, path: String) -> (Lesson, [Diagnostic]) {
        let document = document(source, path: path)
        return (document.lesson, document.diagnostics)
    }

    /// Parses `source`, read from `path`, into the document every later stage reads.
    package static func document(_ source: String, path: String) -> LessonDocument {
        var problems = Problems(path: path)
        // CommonMark ends lines at \n, \r\n or \r; count them the same way everywhere.
        let normalized = normalizeLineEndings(source)
        let (frontMatter, frontProblems) = FrontMatter.parse(normalized)
        for problem in frontProblems { problems.add(line: problem.line, column: 1, problem.message) }
        let body = frontMatter.blanked(normalized)
        let document = CommonMark.parse(body)
        var lesson = Lesson(
            path: path, source: source,
            title: frontMatter.title ?? firstHeading(document) ?? fileStem(path),
            summary: frontMatter.summary)
        lesson.hints = frontMatter.hints
        if let timeout = frontMatter.timeout {
            if let seconds = parseDuration(Substring(timeout)), seconds > 0 {
                lesson.timeout = seconds
            } else {
                problems.add(
                    line: frontMatter.keyLines["timeout"] ?? 1, column: 1,
                    "timeout '\(timeout)' is not a duration like 20s or 500ms")
            }
        }

        let lines = normalized.split(separator: "\n", omittingEmptySubsequences: false)
        var attached = Set<SourceLocation>()
        var ids: [String: Int] = [:]
        var number = 0
        let successors = document.fencedSuccessors
        for block in document.codeBlocks where block.isFenced {
            if block.closingLine == nil {
                problems.add(
                    at: block.fenceLocation,
                    "this code fence is never closed; add a closing \(String(repeating: block.fenceCharacter ?? "`", count: block.fenceLength)) line"
                )
            }
            let words = InfoWords(block, lines: lines)
            guard let language = words.language else { continue }
            switch language.text {
            case "swift":
                number += 1
                var snippet = parseSnippet(block, words, number: number, problems: &problems)
                var next = successors[block.fenceLocation]
                while let candidate = next {
                    let candidateWords = InfoWords(candidate, lines: lines)
                    if candidateWords.language?.text == "hint" {
                        attached.insert(candidate.fenceLocation)
                        attachHint(candidate, candidateWords, to: &snippet, problems: &problems)
                        next = successors[candidate.fenceLocation]
                        continue
                    }
                    guard let kind = candidateWords.language.flatMap({ Expectation.Kind(rawValue: $0.text) }) else {
                        break
                    }
                    attached.insert(candidate.fenceLocation)
                    let expectation = parseExpectation(
                        candidate, kind: kind, words: InfoWords(candidate, lines: lines), problems: &problems)
                    check(expectation, joining: snippet, problems: &problems)
                    snippet.expectations.append(expectation)
                    next = successors[candidate.fenceLocation]
                }
                if snippet.mode == .exercise, !snippet.expectations.contains(where: { $0.kind != .diagnostics }) {
                    problems.add(
                        line: snippet.line, column: snippet.column,
                        "an 'exercise' snippet needs an 'output' or 'stderr' block that its solution passes and its starter fails"
                    )
                }
                if let earlier = ids[snippet.id] {
                    problems.add(
                        line: snippet.line, column: snippet.column,
                        "snippet id '\(snippet.id)' is already used by the snippet on line \(earlier)")
                }
                ids[snippet.id] = snippet.line
                lesson.snippets.append(snippet)
            case "output", "stderr", "diagnostics", "hint":
                if !attached.contains(block.fenceLocation) {
                    problems.add(
                        at: block.fenceLocation,
                        "this '\(language.text)' block does not follow a swift snippet; put it right after one, with only blank lines between"
                    )
                }
            default:
                continue
            }
        }
        let sorted = problems.list.enumerated().sorted {
            ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset)
        }
        return LessonDocument(
            lesson: lesson, frontMatter: frontMatter, body: body, markdown: document,
            snippetBlocks: snippetBlocks(document, lesson: lesson), diagnostics: sorted.map(\.element))
    }

    /// The top-level snippets of the document, with their expectation blocks' lines.
    private static func snippetBlocks(_ document: MarkdownDocument, lesson: Lesson) -> [SnippetBlock] {
        var blocks: [SnippetBlock] = []
        // Looked up by line, once per block: linear in the lesson, however many snippets.
        let snippetAt = Dictionary(
            lesson.snippets.enumerated().map { ($0.element.line, $0.offset) }, uniquingKeysWith: { first, _ in first })
        for block in document.blocks {
            guard case .codeBlock(let code) = block, code.isFenced else { continue }
            if let index = snippetAt[code.fenceLocation.line] {
                blocks.append(SnippetBlock(snippet: index, lines: code.lines))
            } else if let last = blocks.last,
                lesson.snippets[last.snippet].expectations.contains(where: { $0.line == code.fenceLocation.line })
                    || lesson.snippets[last.snippet].hints.contains(where: { $0.line == code.fenceLocation.line })
            {
                blocks[blocks.count - 1].lines = last.lines.lowerBound...code.lines.upperBound
            }
        }
        return blocks
    }

    private static func parseSnippet(
        _ block: CodeBlock, _ words: InfoWords, number: Int, problems: inout Problems
    ) -> Snippet {
        var snippet = Snippet(
            id: "\(number)", line: block.fenceLocation.line, column: block.fenceLocation.column,
            code: block.literal, codeLine: block.contentLines?.lowerBound ?? block.fenceLocation.line + 1)
        var modeWord: InfoWords.Word? = nil
        for word in words.attributes {
            let (key, value) = word.keyValue
            func setMode(_ mode: Snippet.Mode) {
                if let earlier = modeWord {
                    problems.add(
                        at: word.location,
                        "'\(word.text)' conflicts with '\(earlier.text)'; a snippet has one of skip, compile, compile-fail, prelude, exercise"
                    )
                }
                modeWord = word
                snippet.mode = mode
            }
            switch (key, value) {
            case ("skip", nil): setMode(.skip)
            case ("compile", nil): setMode(.compile)
            case ("compile-fail", nil): setMode(.compileFail)
            case ("prelude", nil): setMode(.prelude)
            case ("exercise", nil): setMode(.exercise)
            case ("crash", nil): snippet.expectsCrash = true
            case ("exit", let text?):
                if let code = Int32(text), (0...255).contains(code) {
                    snippet.expectedExit = code
                } else {
                    problems.add(at: word.location, "exit status '\(text)' is not a number from 0 to 255")
                }
            case ("timeout", let text?):
                if let seconds = parseDuration(Substring(text)), seconds > 0 {
                    snippet.timeout = seconds
                } else {
                    problems.add(at: word.location, "timeout '\(text)' is not a duration like 5s or 500ms")
                }
            case ("id", let text?):
                if isValidID(text) {
                    snippet.id = text
                } else {
                    problems.add(at: word.location, "id '\(text)' must be letters, digits, '-' or '_'")
                }
            case ("tolerance", let text?):
                snippet.tolerance = tolerance(text, at: word, problems: &problems)
            case ("feature", let text?):
                for name in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
                    if !isValidFeatureName(name) {
                        problems.add(
                            at: word.location,
                            "feature '\(name)' is not a feature name like NonisolatedNonsendingByDefault")
                    } else if !snippet.features.contains(name) {
                        snippet.features.append(name)
                    }
                }
            case ("isolation", let text?):
                if let isolation = Snippet.DefaultIsolation(rawValue: text) {
                    snippet.defaultIsolation = isolation
                } else {
                    let known = Snippet.DefaultIsolation.allCases.map(\.rawValue).joined(separator: " or ")
                    problems.add(at: word.location, "isolation '\(text)' is not a default isolation; known: \(known)")
                }
            default:
                problems.add(
                    at: word.location,
                    "unknown snippet attribute '\(word.text)'; known: \(snippetAttributes.joined(separator: ", "))")
            }
        }
        if snippet.expectsCrash, snippet.expectedExit != 0 {
            problems.add(at: block.fenceLocation, "a snippet cannot expect both a crash and an exit status")
        }
        if let modeWord, !snippet.mode.runs, snippet.expectsCrash || snippet.expectedExit != 0 {
            problems.add(
                at: modeWord.location, "'\(modeWord.text)' snippets are not run, so 'crash' and 'exit=' do not apply")
        }
        return snippet
    }

    private static func parseExpectation(
        _ block: CodeBlock, kind: Expectation.Kind, words: InfoWords, problems: inout Problems
    ) -> Expectation {
        let first = block.contentLines?.lowerBound ?? block.fenceLocation.line + 1
        let end = block.contentLines.map { $0.upperBound + 1 } ?? first
        var texts = block.literal.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if texts.last == "" { texts.removeLast() }
        var expectation = Expectation(
            kind: kind, line: block.fenceLocation.line, column: block.fenceLocation.column,
            contentLines: first..<end,
            lines: texts.enumerated().map { ExpectedLine(raw: $0.element, sourceLine: first + $0.offset) })
        for word in words.attributes {
            let (key, value) = word.keyValue
            switch (key, value) {
            case ("unordered", nil) where kind != .diagnostics:
                expectation.unordered = true
            case ("elapsed", let text?) where kind != .diagnostics:
                if let seconds = parseDuration(Substring(text)) {
                    expectation.elapsed = seconds
                } else {
                    problems.add(at: word.location, "elapsed '\(text)' is not a duration like 1s or 300ms")
                }
            case ("tolerance", let text?) where kind != .diagnostics:
                expectation.tolerance = tolerance(text, at: word, problems: &problems)
            default:
                let known = kind == .diagnostics ? "none" : expectationAttributes.joined(separator: ", ")
                problems.add(at: word.location, "unknown '\(kind.rawValue)' attribute '\(word.text)'; known: \(known)")
            }
        }
        for line in expectation.lines where line.stamp == nil && ExpectedLine.looksStamped(line.raw) {
            problems.add(
                line: line.sourceLine, column: block.fenceLocation.column,
                "'\(line.raw.prefix(while: { $0 != " " }))' is not a time stamp like [0.5s] or [200ms] followed by a space"
            )
        }
        return expectation
    }

    /// Adds a `hint` block to an `exercise` snippet; a hint anywhere else, with attributes, or
    /// empty is an error at its fence.
    private static func attachHint(
        _ block: CodeBlock, _ words: InfoWords, to snippet: inout Snippet, problems: inout Problems
    ) {
        if let word = words.attributes.first {
            problems.add(at: word.location, "a 'hint' block takes no attributes; found '\(word.text)'")
        }
        guard snippet.mode == .exercise else {
            problems.add(
                at: block.fenceLocation,
                "a 'hint' block belongs to an exercise; add 'exercise' to the swift snippet before it")
            return
        }
        var text = Substring(block.literal)
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        if text.isEmpty {
            problems.add(at: block.fenceLocation, "this 'hint' block is empty; write the hint inside it")
        }
        snippet.hints.append(Hint(text: String(text), line: block.fenceLocation.line))
    }

    /// True for a Swift identifier made of ASCII letters, digits and `_`, not starting with a
    /// digit: the shape of every upcoming-feature name. Whether the compiler knows the
    /// feature is decided when the snippet compiles.
    private static func isValidFeatureName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }

    /// A `tolerance=` value, or nil with a diagnostic at the word.
    private static func tolerance(_ text: String, at word: InfoWords.Word, problems: inout Problems) -> Tolerance? {
        guard let tolerance = Tolerance(parsing: Substring(text)) else {
            problems.add(at: word.location, "tolerance '\(text)' is not a duration like 150ms or a percentage like 10%")
            return nil
        }
        return tolerance
    }

    /// Reports expectation blocks that make no sense for their snippet.
    private static func check(_ expectation: Expectation, joining snippet: Snippet, problems: inout Problems) {
        let location = SourceLocation(line: expectation.line, column: expectation.column)
        if snippet.expectations.contains(where: { $0.kind == expectation.kind }) {
            problems.add(
                at: location, "this snippet already has its '\(expectation.kind.rawValue)' block; merge the two")
        }
        switch (expectation.kind, snippet.mode) {
        case (.diagnostics, .compileFail), (.output, .run), (.stderr, .run), (.output, .exercise),
            (.stderr, .exercise):
            break
        case (.diagnostics, _):
            problems.add(at: location, "a 'diagnostics' block needs a 'swift compile-fail' snippet before it")
        case (_, let mode):
            problems.add(
                at: location,
                "a '\(mode.rawValue)' snippet is not run, so it has no \(expectation.kind.rawValue) to check")
        }
    }

    /// The text with `\r\n` and lone `\r` line endings turned into `\n`.
    package static func normalizeLineEndings(_ text: String) -> String {
        guard text.utf8.contains(13) else { return text }
        return String(
            decoding: text.utf8.split(separator: 13, omittingEmptySubsequences: false).enumerated().flatMap {
                index, piece in
                (index > 0 && piece.first != 10 ? [10] : []) + Array(piece)
            }, as: UTF8.self)
    }

    private static func isValidID(_ text: String) -> Bool {
        !text.isEmpty
            && text.unicodeScalars.allSatisfy { scalar in
                (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
                    || (scalar >= "0" && scalar <= "9") || scalar == "-" || scalar == "_"
            }
    }

    private static func firstHeading(_ document: MarkdownDocument) -> String? {
        for block in document.blocks {
            if case .heading(let heading) = block { return heading.text }
        }
        return nil
    }

    private static func fileStem(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.hasSuffix(".md") ? String(name.dropLast(3)) : name
    }
}

/// Collects diagnostics for one file.
private struct Problems {
    let path: String
    var list: [Diagnostic] = []

    mutating func add(at location: SourceLocation, _ message: String) {
        add(line: location.line, column: location.column, message)
    }

    mutating func add(line: Int, column: Int, _ message: String) {
        list.append(Diagnostic(path: path, line: line, column: column, message: message))
    }
}
