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
        scanner.scan()
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
        /// The end of the run of `#`s `startsRawString` measured last, and its answer.
        var hashRun: (end: Int, opensString: Bool)?

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

        /// Joins neighbouring tokens of the same kind (appending in place, so a long run costs
        /// linear time).
        func merged() -> [SwiftToken] {
            var result: [SwiftToken] = []
            var lastKind: SwiftToken.Kind?
            for token in tokens {
                if token.kind == lastKind {
                    result[result.count - 1].text += token.text
                } else {
                    result.append(token)
                    lastKind = token.kind
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

        /// What the scanner is inside of. The scan is one loop over an explicit stack of these,
        /// never a recursive call, so no nesting of interpolations can exhaust the thread's
        /// stack.
        enum Context {
            /// Code: the top level, or an interpolation `\(…)` (then `parentheses` counts the
            /// ones opened inside it, so the `)` that closes it is known).
            case code(parentheses: Int)
            /// A string literal: its `#`s, whether it is multi-line, and where its text not yet
            /// emitted starts.
            case string(hashes: Int, multiline: Bool, pending: Int)
        }

        /// Scans the whole source: code at the top level, strings and interpolations inside
        /// each other to any depth.
        mutating func scan() {
            var stack: [Context] = [.code(parentheses: 0)]
            while let context = stack.last {
                switch context {
                case .code(let parentheses):
                    guard let next = scanCode(parentheses: parentheses, inInterpolation: stack.count > 1) else {
                        return
                    }
                    stack[stack.count - 1] = .code(parentheses: next.parentheses)
                    if next.closesInterpolation {
                        stack.removeLast()
                        let closeStart = index
                        index += 1
                        emit(.escape, from: closeStart)
                        if case .string(let hashes, let multiline, _) = stack.last {
                            stack[stack.count - 1] = .string(hashes: hashes, multiline: multiline, pending: index)
                        }
                    } else if let opened = next.opensString {
                        stack.append(opened)
                    }
                case .string(let hashes, let multiline, let pending):
                    if scanString(hashes: hashes, multiline: multiline, pending: pending) {
                        stack.append(.code(parentheses: 0))
                    } else {
                        stack.removeLast()
                    }
                }
            }
        }

        /// Scans code up to the end of the source, the start of a string literal (its opening
        /// delimiter consumed) or, inside an interpolation, the `)` that closes it (not
        /// consumed). Nil at the end of the source.
        mutating func scanCode(parentheses: Int, inInterpolation: Bool) -> (
            parentheses: Int, closesInterpolation: Bool, opensString: Context?
        )? {
            var depth = parentheses
            while let scalar = peek() {
                let start = index
                if scalar == "(" {
                    depth += 1
                    index += 1
                    emit(.plain, from: start)
                } else if scalar == ")" {
                    if inInterpolation && depth == 0 { return (depth, true, nil) }
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
                    var hashes = 0
                    while peek() == "#" {
                        hashes += 1
                        index += 1
                    }
                    let multiline = peek() == "\"" && peek(1) == "\"" && peek(2) == "\""
                    index += multiline ? 3 : 1
                    return (depth, false, .string(hashes: hashes, multiline: multiline, pending: start))
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
            return nil
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

        /// True when the `#`s at the cursor open a raw string. The answer holds for every `#` of
        /// the run, so it is measured once per run: a long run of `#`s costs linear time.
        mutating func startsRawString() -> Bool {
            if let run = hashRun, index < run.end { return run.opensString }
            var end = index
            while end < scalars.count, scalars[end] == "#" { end += 1 }
            let opensString = end < scalars.count && scalars[end] == "\""
            hashRun = (end, opensString)
            return opensString
        }

        /// Scans the inside of a string literal whose text from `pending` is not yet emitted, up
        /// to its closing delimiter (or the end of the line for an unterminated single-line
        /// string, or the end of the source). True when it stopped after the `\(` that opens
        /// an interpolation (emitted), false when the string is over.
        mutating func scanString(hashes: Int, multiline: Bool, pending: Int) -> Bool {
            var start = pending
            while let scalar = peek() {
                if scalar == "\\" && hashesFollow(hashes, at: index + 1) {
                    emit(.string, from: start)
                    let escapeStart = index
                    index += 1 + hashes
                    if peek() == "(" {
                        index += 1
                        emit(.escape, from: escapeStart)
                        return true
                    }
                    if peek() != nil { index += 1 }
                    if scalars[index - 1] == "u" && peek() == "{" {
                        while let next = peek(), next != "}", next != "\n" { index += 1 }
                        if peek() == "}" { index += 1 }
                    }
                    emit(.escape, from: escapeStart)
                    start = index
                } else if scalar == "\"" && !multiline && hashesFollow(hashes, at: index + 1) {
                    index += 1 + hashes
                    emit(.string, from: start)
                    return false
                } else if multiline && scalar == "\"" && peek(1) == "\"" && peek(2) == "\""
                    && hashesFollow(hashes, at: index + 3)
                {
                    index += 3 + hashes
                    emit(.string, from: start)
                    return false
                } else if scalar == "\n" && !multiline {
                    emit(.string, from: start)
                    return false
                } else {
                    index += 1
                }
            }
            emit(.string, from: start)
            return false
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
