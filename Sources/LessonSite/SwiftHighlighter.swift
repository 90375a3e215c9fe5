/// A small Swift tokenizer for colouring code at build time. It knows keywords, strings
/// (with interpolation, raw and multi-line strings), comments (nested block comments too),
/// numbers, attributes, directives and capitalised type names. It never fails: anything it
/// does not recognise is plain text, and concatenating the tokens gives back the input.
package enum SwiftHighlighter {
    /// Swift's keywords and the contextual keywords worth colouring.
    static let keywords: Set<String> = [
        "actor", "any", "as", "associatedtype", "async", "await", "break", "case", "catch",
        "class", "consume", "continue", "convenience", "default", "defer", "deinit", "didSet",
        "do", "dynamic", "else", "enum", "extension", "fallthrough", "false", "fileprivate",
        "final", "for", "func", "get", "guard", "if", "import", "in", "indirect", "infix",
        "init", "inout", "internal", "is", "isolated", "lazy", "let", "mutating", "nil",
        "nonisolated", "nonmutating", "open", "operator", "optional", "override", "package",
        "postfix", "precedencegroup", "prefix", "private", "protocol", "public", "repeat",
        "required", "rethrows", "return", "self", "Self", "sending", "set", "some", "static",
        "struct", "subscript", "super", "switch", "throw", "throws", "true", "try", "typealias",
        "unowned", "var", "weak", "where", "while", "willSet", "borrowing", "consuming",
    ]

    /// Splits Swift source into tokens.
    package static func tokenize(_ source: String) -> [SwiftToken] {
        var scanner = Scanner(Array(source.unicodeScalars))
        scanner.scanCode(untilClosingParenthesis: false)
        return scanner.merged()
    }

    /// Renders Swift source as HTML: every token escaped, coloured ones wrapped in
    /// `<span class="…">`.
    package static func html(_ source: String) -> String {
        var out = ""
        out.reserveCapacity(source.utf8.count * 2)
        for token in tokenize(source) {
            if let css = token.kind.cssClass {
                out += "<span class=\"\(css)\">\(HTML.text(token.text))</span>"
            } else {
                out += HTML.text(token.text)
            }
        }
        return out
    }

    /// A cursor over the source's scalars that appends tokens as it goes.
    private struct Scanner {
        let scalars: [Unicode.Scalar]
        var index = 0
        var tokens: [SwiftToken] = []

        init(_ scalars: [Unicode.Scalar]) {
            self.scalars = scalars
        }

        func peek(_ offset: Int = 0) -> Unicode.Scalar? {
            let position = index + offset
            return position < scalars.count ? scalars[position] : nil
        }

        mutating func emit(_ kind: SwiftToken.Kind, from start: Int) {
            guard index > start else { return }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars[start..<index])
            tokens.append(SwiftToken(kind, text))
        }

        /// Joins neighbouring tokens of the same kind.
        func merged() -> [SwiftToken] {
            var result: [SwiftToken] = []
            for token in tokens {
                if let last = result.last, last.kind == token.kind {
                    result[result.count - 1].text += token.text
                } else {
                    result.append(token)
                }
            }
            return result
        }

        /// True when the code just before the cursor is a `.` (member access), white space
        /// aside.
        var followsDot: Bool {
            guard let last = tokens.last(where: { !$0.text.allSatisfy(\.isWhitespace) }) else { return false }
            return last.kind == .plain && last.text.hasSuffix(".")
        }

        /// Scans code; inside an interpolation, stops before the `)` that closes it.
        mutating func scanCode(untilClosingParenthesis: Bool) {
            var depth = 0
            while let scalar = peek() {
                let start = index
                if scalar == "(" {
                    depth += 1
                    index += 1
                    emit(.plain, from: start)
                } else if scalar == ")" {
                    if untilClosingParenthesis && depth == 0 { return }
                    depth -= 1
                    index += 1
                    emit(.plain, from: start)
                } else if scalar == "/" && peek(1) == "/" {
                    while let next = peek(), next != "\n" { index += 1 }
                    emit(.comment, from: start)
                } else if scalar == "/" && peek(1) == "*" {
                    scanBlockComment()
                    emit(.comment, from: start)
                } else if scalar == "\"" || (scalar == "#" && startsRawString()) {
                    scanString()
                } else if scalar == "@", let next = peek(1), isIdentifierStart(next) {
                    index += 1
                    scanIdentifierBody()
                    emit(.attribute, from: start)
                } else if scalar == "#", let next = peek(1), isIdentifierStart(next) {
                    index += 1
                    scanIdentifierBody()
                    emit(.directive, from: start)
                } else if isDigit(scalar) {
                    scanNumber()
                    emit(.number, from: start)
                } else if scalar == "`" {
                    index += 1
                    while let next = peek(), next != "`", next != "\n" { index += 1 }
                    if peek() == "`" { index += 1 }
                    emit(.plain, from: start)
                } else if isIdentifierStart(scalar) || scalar == "$" {
                    index += 1
                    scanIdentifierBody()
                    classifyIdentifier(from: start)
                } else {
                    index += 1
                    emit(.plain, from: start)
                }
            }
        }

        mutating func classifyIdentifier(from start: Int) {
            var word = ""
            word.unicodeScalars.append(contentsOf: scalars[start..<index])
            let afterDot = followsDot
            if SwiftHighlighter.keywords.contains(word)
                && (!afterDot || word == "self" || word == "init")
            {
                emit(.keyword, from: start)
            } else if let first = word.unicodeScalars.first, first.properties.isUppercase {
                emit(.type, from: start)
            } else {
                emit(.plain, from: start)
            }
        }

        mutating func scanIdentifierBody() {
            while let next = peek(), isIdentifierStart(next) || isDigit(next) { index += 1 }
        }

        mutating func scanNumber() {
            if peek() == "0", let base = peek(1), base == "x" || base == "b" || base == "o" {
                index += 2
            }
            while let next = peek() {
                if isDigit(next) || next == "_" || isHexLetter(next) {
                    index += 1
                } else if next == ".", let after = peek(1), isDigit(after) {
                    index += 1
                } else if (next == "+" || next == "-"),
                    let before = index > 0 ? scalars[index - 1] : nil,
                    before == "e" || before == "E" || before == "p" || before == "P"
                {
                    index += 1
                } else {
                    break
                }
            }
        }

        mutating func scanBlockComment() {
            var depth = 0
            while let scalar = peek() {
                if scalar == "/" && peek(1) == "*" {
                    depth += 1
                    index += 2
                } else if scalar == "*" && peek(1) == "/" {
                    depth -= 1
                    index += 2
                    if depth == 0 { return }
                } else {
                    index += 1
                }
            }
        }

        /// True when the `#`s at the cursor open a raw string.
        func startsRawString() -> Bool {
            var offset = 0
            while peek(offset) == "#" { offset += 1 }
            return peek(offset) == "\""
        }

        /// Scans a string literal from its opening delimiter to its closing one (or the end of
        /// the line for an unterminated single-line string), interpolations included.
        mutating func scanString() {
            var start = index
            var hashes = 0
            while peek() == "#" {
                hashes += 1
                index += 1
            }
            let multiline = peek() == "\"" && peek(1) == "\"" && peek(2) == "\""
            index += multiline ? 3 : 1
            while let scalar = peek() {
                if scalar == "\\" && hashesFollow(hashes, at: index + 1) {
                    emit(.string, from: start)
                    let escapeStart = index
                    index += 1 + hashes
                    if peek() == "(" {
                        index += 1
                        emit(.escape, from: escapeStart)
                        scanCode(untilClosingParenthesis: true)
                        let closeStart = index
                        if peek() == ")" { index += 1 }
                        emit(.escape, from: closeStart)
                    } else {
                        if peek() != nil { index += 1 }
                        if scalars[index - 1] == "u" && peek() == "{" {
                            while let next = peek(), next != "}", next != "\n" { index += 1 }
                            if peek() == "}" { index += 1 }
                        }
                        emit(.escape, from: escapeStart)
                    }
                    start = index
                } else if scalar == "\"" && !multiline && hashesFollow(hashes, at: index + 1) {
                    index += 1 + hashes
                    emit(.string, from: start)
                    return
                } else if multiline && scalar == "\"" && peek(1) == "\"" && peek(2) == "\""
                    && hashesFollow(hashes, at: index + 3)
                {
                    index += 3 + hashes
                    emit(.string, from: start)
                    return
                } else if scalar == "\n" && !multiline {
                    emit(.string, from: start)
                    return
                } else {
                    index += 1
                }
            }
            emit(.string, from: start)
        }

        func hashesFollow(_ count: Int, at position: Int) -> Bool {
            guard count > 0 else { return true }
            guard position + count <= scalars.count else { return false }
            return scalars[position..<position + count].allSatisfy { $0 == "#" }
        }
    }
}

private func isDigit(_ scalar: Unicode.Scalar) -> Bool {
    scalar >= "0" && scalar <= "9"
}

private func isHexLetter(_ scalar: Unicode.Scalar) -> Bool {
    (scalar >= "a" && scalar <= "f") || (scalar >= "A" && scalar <= "F") || scalar == "x"
        || scalar == "o"
}

private func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "_" || scalar.properties.isAlphabetic
}
