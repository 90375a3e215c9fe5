/// What an answer may not contain. The answer is compiled into one module with the hidden
/// checks and the grading harness, so it must not be able to change what their code means:
/// - run code before the harness has secured its verdict channel (a constructor placed in
///   `.init_array`), or take over a C symbol the harness calls (an exported `read`);
/// - shadow a name the harness or checks use: a top-level `func write` in the same module
///   beats `Glibc.write`, and `extension Array` can replace a member the checks call.
/// Such answers are refused, with the place of each problem, before anything is compiled.
package enum AnswerPolicy {
    /// Attributes an answer may not use, and why.
    package static let forbidden: [String: String] = [
        "section": "places data in a chosen binary section (constructors run before the checks)",
        "_section": "places data in a chosen binary section (constructors run before the checks)",
        "used": "keeps a symbol the program never uses (how constructors are kept)",
        "_used": "keeps a symbol the program never uses (how constructors are kept)",
        "c": "exports a C symbol, which can replace one the grader uses",
        "_cdecl": "exports a C symbol, which can replace one the grader uses",
        "_silgen_name": "binds to or defines an arbitrary symbol",
        "_extern": "binds to an arbitrary external symbol",
        "_dynamicReplacement": "replaces another function's body at run time",
        "_exported": "makes an import visible to the hidden checks",
    ]

    /// Keywords that declare a name at the top level of a file.
    private static let declarations: Set<String> = [
        "func", "struct", "class", "enum", "actor", "protocol", "typealias", "let", "var", "extension",
        "macro",
    ]

    /// Every problem in `answer`: forbidden attributes, and top-level declarations that
    /// would shadow a name `trusted` code (harness, kit, checks) uses. Names the starter
    /// declares at the top level are the answer's to define.
    package static func violations(
        in answer: String, path: String, starter: String = "", trusted: [String] = []
    ) -> [Diagnostic] {
        let tokens = SwiftTokens(answer).tokens
        var found: [Diagnostic] = []
        for token in tokens where token.text.hasPrefix("@") {
            if let reason = forbidden[String(token.text.dropFirst())] {
                found.append(
                    Diagnostic(
                        path: path, line: token.line, column: token.column,
                        message: "answers may not use '\(token.text)': it \(reason)"))
            }
        }
        guard !trusted.isEmpty else { return found }
        let allowed = Set(topLevelNames(SwiftTokens(starter).tokens).map(\.name.text))
        var used = Set<String>()
        for source in trusted {
            for token in SwiftTokens(source).tokens { used.insert(token.text) }
        }
        for (keyword, name) in topLevelNames(tokens) where !allowed.contains(name.text) {
            let isOperator = !(name.text.first.map { $0 == "_" || $0.isLetter } ?? false)
            guard isOperator || used.contains(name.text) else { continue }
            let what = keyword == "extension" ? "extend '\(name.text)'" : "declare '\(name.text)' at the top level"
            found.append(
                Diagnostic(
                    path: path, line: name.line, column: name.column,
                    message: "answers may not \(what): the hidden checks use that name, and a "
                        + "declaration in your file would change what it means to them; choose another name "
                        + "or put the helper inside one of your own types"))
        }
        return found.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    /// The names declared at brace depth 0, with the keyword that declared each.
    private static func topLevelNames(_ tokens: [SwiftTokens.Token]) -> [(keyword: String, name: SwiftTokens.Token)] {
        var names: [(String, SwiftTokens.Token)] = []
        for (index, token) in tokens.enumerated()
        where token.depth == 0 && declarations.contains(token.text) && index + 1 < tokens.count {
            let next = tokens[index + 1]
            guard next.depth == 0, next.text != "(", next.text != "{" else { continue }
            names.append((token.text, next))
        }
        return names
    }
}

/// A small Swift tokenizer for policy checks: identifiers (attributes keep their `@`),
/// operator runs and single punctuation, each with its place and brace depth. Comments and
/// string literals are skipped.
struct SwiftTokens {
    struct Token {
        var text: String
        var line: Int
        var column: Int
        /// How many `{` enclose the token.
        var depth: Int
    }

    private(set) var tokens: [Token] = []
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1
    private var depth = 0

    init(_ source: String) {
        scalars = Array(source.unicodeScalars)
        scan()
    }

    private mutating func scan() {
        while index < scalars.count {
            let scalar = scalars[index]
            if starts("//") {
                while index < scalars.count, scalars[index] != "\n" { advance() }
            } else if starts("/*") {
                skipBlockComment()
            } else if scalar == "\"" || (scalar == "#" && nextIsQuote()) {
                skipString()
            } else if scalar == "@" || isIdentifierStart(scalar) {
                let (startLine, startColumn) = (line, column)
                var text = ""
                repeat {
                    text.unicodeScalars.append(scalars[index])
                    advance()
                } while index < scalars.count && isIdentifierPart(scalars[index])
                tokens.append(Token(text: text, line: startLine, column: startColumn, depth: depth))
            } else if isOperator(scalar) {
                let (startLine, startColumn) = (line, column)
                var text = ""
                while index < scalars.count, isOperator(scalars[index]), !starts("//"), !starts("/*") {
                    text.unicodeScalars.append(scalars[index])
                    advance()
                }
                tokens.append(Token(text: text, line: startLine, column: startColumn, depth: depth))
            } else {
                if scalar == "}" { depth = max(0, depth - 1) }
                if scalar == "{" || scalar == "}" || scalar == "(" {
                    tokens.append(Token(text: String(scalar), line: line, column: column, depth: depth))
                }
                if scalar == "{" { depth += 1 }
                advance()
            }
        }
    }

    private mutating func advance(_ count: Int = 1) {
        for _ in 0..<count where index < scalars.count {
            if scalars[index] == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += 1
        }
    }

    private func starts(_ text: String) -> Bool {
        let pattern = Array(text.unicodeScalars)
        return index + pattern.count <= scalars.count
            && scalars[index..<(index + pattern.count)].elementsEqual(pattern)
    }

    private func nextIsQuote() -> Bool {
        var next = index
        while next < scalars.count, scalars[next] == "#" { next += 1 }
        return next < scalars.count && scalars[next] == "\""
    }

    private mutating func skipBlockComment() {
        var nesting = 0
        repeat {
            if starts("/*") {
                nesting += 1
                advance(2)
            } else if starts("*/") {
                nesting -= 1
                advance(2)
            } else {
                advance()
            }
        } while nesting > 0 && index < scalars.count
    }

    /// Skips a string literal: `#`s, then one or three quotes, to the matching end.
    private mutating func skipString() {
        var hashes = 0
        while index < scalars.count, scalars[index] == "#" {
            hashes += 1
            advance()
        }
        let multiline = starts("\"\"\"")
        advance(multiline ? 3 : 1)
        let closing = (multiline ? "\"\"\"" : "\"") + String(repeating: "#", count: hashes)
        while index < scalars.count, !starts(closing) {
            if hashes == 0, scalars[index] == "\\" { advance() }
            if !multiline, index < scalars.count, scalars[index] == "\n" { return }
            advance()
        }
        advance(closing.unicodeScalars.count)
    }

    private func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar == "$" || scalar.properties.isAlphabetic
    }

    private func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        isIdentifierStart(scalar) || (scalar >= "0" && scalar <= "9")
    }

    private func isOperator(_ scalar: Unicode.Scalar) -> Bool {
        "/=-+!*%<>&|^~?".unicodeScalars.contains(scalar)
    }
}
