/// What an answer may not contain. The checks run in the same process as the answer, so an
/// answer must not be able to run code before the harness has secured its verdict channel
/// (a constructor in `.init_array`) or to take over a C symbol the harness calls (an
/// exported `read`). Attributes that do either are refused before anything is compiled.
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
    ]

    /// One diagnostic per forbidden attribute in `source`, outside comments and string
    /// literals, pointing at its `@`.
    package static func violations(in source: String, path: String) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let scalars = Array(source.unicodeScalars)
        var index = 0
        var line = 1
        var column = 1
        func advance(_ count: Int = 1) {
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
        func starts(_ text: String) -> Bool {
            let pattern = Array(text.unicodeScalars)
            return index + pattern.count <= scalars.count
                && scalars[index..<(index + pattern.count)].elementsEqual(pattern)
        }
        while index < scalars.count {
            if starts("//") {
                while index < scalars.count, scalars[index] != "\n" { advance() }
            } else if starts("/*") {
                var depth = 0
                repeat {
                    if starts("/*") {
                        depth += 1
                        advance(2)
                    } else if starts("*/") {
                        depth -= 1
                        advance(2)
                    } else {
                        advance()
                    }
                } while depth > 0 && index < scalars.count
            } else if scalars[index] == "\"" || (scalars[index] == "#" && nextIsQuote(scalars, index)) {
                skipString()
            } else if scalars[index] == "@" {
                let (atLine, atColumn) = (line, column)
                advance()
                var name = ""
                while index < scalars.count, isIdentifier(scalars[index]) {
                    name.unicodeScalars.append(scalars[index])
                    advance()
                }
                if let reason = forbidden[name] {
                    found.append(
                        Diagnostic(
                            path: path, line: atLine, column: atColumn,
                            message: "answers may not use '@\(name)': it \(reason)"))
                }
            } else {
                advance()
            }
        }
        return found

        /// Skips a string literal: `#`s, then one or three quotes, to the matching end.
        func skipString() {
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
                if !multiline, scalars[index] == "\n" { return }
                advance()
            }
            advance(closing.unicodeScalars.count)
        }
    }

    private static func nextIsQuote(_ scalars: [Unicode.Scalar], _ index: Int) -> Bool {
        var next = index
        while next < scalars.count, scalars[next] == "#" { next += 1 }
        return next < scalars.count && scalars[next] == "\""
    }

    private static func isIdentifier(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
            || (scalar >= "0" && scalar <= "9")
    }
}
