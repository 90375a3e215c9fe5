/// A parsed lesson: its front matter and its snippets, each with its expectations.
package struct Lesson: Sendable {
    /// The path as the user named it; diagnostics and reports use it.
    package var path: String
    /// The full markdown text.
    package var source: String
    /// `title:` from the front matter, else the first heading, else the file name.
    package var title: String
    /// `summary:` from the front matter.
    package var summary: String?
    /// `timeout:` from the front matter: the default run timeout of every snippet.
    package var timeout: Double?
    /// `hints:` from the front matter (quiz READMEs use them).
    package var hints: [String] = []
    /// Every `swift` fenced block, in file order (preludes included).
    package var snippets: [Snippet]

    package init(
        path: String, source: String, title: String, summary: String? = nil,
        timeout: Double? = nil, snippets: [Snippet] = []
    ) {
        self.path = path
        self.source = source
        self.title = title
        self.summary = summary
        self.timeout = timeout
        self.snippets = snippets
    }

    /// The prelude snippets that come before `snippet` in the file.
    package func preludes(before snippet: Snippet) -> [Snippet] {
        snippets.filter { $0.mode == .prelude && $0.line < snippet.line }
    }
}

/// One `swift` fenced block and what the lesson expects of it.
package struct Snippet: Sendable, Identifiable {
    /// What the runner does with a snippet.
    package enum Mode: String, Sendable, Codable {
        /// Compile and run; the default.
        case run
        /// Display only.
        case skip
        /// Must compile; not run.
        case compile
        /// Must fail to compile.
        case compileFail = "compile-fail"
        /// Compiled into every later snippet; not run on its own.
        case prelude
        /// Compiled and run like `run`, but the code shown is a starter the learner changes:
        /// its expectation blocks describe the solved exercise, so the starter is expected to
        /// fail them (reported as `unsolved`, not as a failure). A reference solution kept
        /// off the page (`solutions/<lesson>/<id>.swift` beside the lesson) must pass them.
        case exercise

        /// True for the modes whose snippet is compiled and run: `run` and `exercise`.
        package var runs: Bool { self == .run || self == .exercise }
    }

    /// `id=` or the snippet's number among the lesson's snippets (1, 2, …).
    package var id: String
    /// Line and column of the opening fence.
    package var line: Int
    package var column: Int
    /// The code, hidden lines included, each line ending in a newline.
    package var code: String
    /// Source line of the first code line.
    package var codeLine: Int
    package var mode: Mode
    /// Exit status the run must end with (0 unless `exit=N`).
    package var expectedExit: Int32
    /// `crash`: the run must end by a signal.
    package var expectsCrash: Bool
    /// `timeout=`: seconds before the run is killed.
    package var timeout: Double?
    /// `tolerance=`: the default tolerance of this snippet's timing checks.
    package var tolerance: Tolerance?
    /// `feature=`: upcoming language features this snippet alone is compiled with, in the
    /// order written (empty for the default language mode).
    package var features: [String] = []
    /// `isolation=`: the default isolation this snippet alone is compiled with
    /// (`-default-isolation`, SE-0466); nil for the compiler's default, `nonisolated`.
    package var defaultIsolation: DefaultIsolation? = nil
    /// The expectation blocks that follow the snippet.
    package var expectations: [Expectation]
    /// The `hint` blocks that follow an `exercise` snippet, in order: each one's markdown
    /// text and the line of its fence. The site reveals them one at a time.
    package var hints: [Hint] = []
    /// The file whose text replaced the code written in the lesson (a reference solution
    /// or a learner's exercise file), so that diagnostics point into it; nil when the code
    /// is the lesson's own.
    package var codePath: String? = nil

    package init(
        id: String, line: Int, column: Int, code: String, codeLine: Int, mode: Mode = .run,
        expectedExit: Int32 = 0, expectsCrash: Bool = false, timeout: Double? = nil,
        tolerance: Tolerance? = nil, expectations: [Expectation] = []
    ) {
        self.id = id
        self.line = line
        self.column = column
        self.code = code
        self.codeLine = codeLine
        self.mode = mode
        self.expectedExit = expectedExit
        self.expectsCrash = expectsCrash
        self.timeout = timeout
        self.tolerance = tolerance
        self.expectations = expectations
    }

    /// The values `swiftc -default-isolation` accepts, spelled as it spells them.
    package enum DefaultIsolation: String, Sendable, Hashable, CaseIterable {
        case mainActor = "MainActor"
        case nonisolated
    }

    /// The code with lines between `// snippet.hide` and `// snippet.show` removed, and
    /// the markers themselves; what the site shows.
    package var visibleCode: String {
        var hidden = false
        var kept: [Substring] = []
        for line in code.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingSpaces
            if trimmed == "// snippet.hide" {
                hidden = true
            } else if trimmed == "// snippet.show" {
                hidden = false
            } else if !hidden {
                kept.append(line)
            }
        }
        return kept.joined(separator: "\n")
    }

    /// The expectation block of a kind, if any.
    package func expectation(_ kind: Expectation.Kind) -> Expectation? {
        expectations.first { $0.kind == kind }
    }
}

/// One `hint` block following an `exercise` snippet.
package struct Hint: Sendable, Hashable {
    /// The hint's markdown text.
    package var text: String
    /// Line of the opening fence.
    package var line: Int

    package init(text: String, line: Int) {
        self.text = text
        self.line = line
    }
}

/// An `output`, `stderr` or `diagnostics` block following a snippet.
package struct Expectation: Sendable {
    /// Which stream or compiler output the block describes.
    package enum Kind: String, Sendable, Codable {
        case output
        case stderr
        case diagnostics
    }

    package var kind: Kind
    /// Line and column of the opening fence.
    package var line: Int
    package var column: Int
    /// Source lines of the block's content (empty range when the block is empty).
    package var contentLines: Range<Int>
    /// `unordered`: lines may arrive in any order.
    package var unordered: Bool = false
    /// `elapsed=`: the run's expected wall time in seconds.
    package var elapsed: Double?
    /// `tolerance=` on this block.
    package var tolerance: Tolerance?
    /// The expected lines.
    package var lines: [ExpectedLine]

    /// The stream this block checks, nil for `diagnostics`.
    package var stream: StreamName? {
        switch kind {
        case .output: .stdout
        case .stderr: .stderr
        case .diagnostics: nil
        }
    }
}

/// One line of an expectation block.
package struct ExpectedLine: Sendable, Hashable {
    /// The line as written, stamp included.
    package var raw: String
    /// Its source line.
    package var sourceLine: Int
    /// `[1.0s] `: when the line must appear, in seconds since the process started.
    package var stamp: Double?
    /// What the text must look like; `.ellipsis` for a `...` line.
    package var pattern: LinePattern

    package init(raw: String, sourceLine: Int) {
        self.raw = raw
        self.sourceLine = sourceLine
        var text = Substring(raw)
        if text.hasPrefix("["), let close = text.firstIndex(of: "]"),
            text.index(after: close) < text.endIndex, text[text.index(after: close)] == " ",
            let seconds = parseDuration(text[text.index(after: text.startIndex)..<close])
        {
            stamp = seconds
            text = text[text.index(close, offsetBy: 2)...]
        } else {
            stamp = nil
        }
        // A backslash after the optional stamp makes the rest literal: `\...`, `\{int}`,
        // `\[1.0s] text` and `\```` match exactly that text.
        pattern = text.first == "\\" ? LinePattern(literal: text.dropFirst()) : LinePattern(text)
    }

    /// True when `text` starts like a stamp, `[` digits and letters `] `, whether or not the
    /// duration is valid (`[1.0s] x`, `[1.0x] x`; not `[1, 2] x`).
    package static func looksStamped(_ text: String) -> Bool {
        guard text.hasPrefix("["), let close = text.firstIndex(of: "]"),
            text[text.index(after: close)...].hasPrefix(" ")
        else { return false }
        let inside = text[text.index(after: text.startIndex)..<close]
        return (inside.first?.isNumber ?? false) && inside.allSatisfy { $0.isNumber || $0 == "." || $0.isLetter }
    }

    /// True for a `...` line.
    package var isEllipsis: Bool { pattern.isEllipsis }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    package var trimmingSpaces: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
