/// What an answer may not contain, judged from the compiler's own parse of it (the
/// type-checked AST that `swiftc -dump-ast -dump-ast-format json` prints for the answer file
/// alone, compiled as module `Answer`), so no spelling hides a declaration: a brace in a
/// regex literal or a string interpolation, an inactive `#if`, a type reached through a
/// `typealias` or a module prefix. Refused, each with its place:
/// - attributes that run code before `main`, export or bind C symbols, or replace other
///   code (`@section`, `@used`, `@_cdecl`, `@c`, `@_silgen_name`, `@_extern`,
///   `@_dynamicReplacement`, `@_exported`);
/// - any extension (and so any conformance) of a type the answer does not declare itself;
/// - operator and precedence group declarations, and operator functions outside the
///   answer's own types;
/// - top-level declarations that shadow a name the grading code in the answer's program
///   uses, unless the starter declares that name too.
package enum AnswerPolicy {
    /// The module name the answer is parsed as; its own types mangle with this prefix.
    package static let moduleName = "Answer"

    /// Attribute kinds in the dump an answer may not use, and why.
    package static let forbidden: [String: String] = [
        "section_attr": "'@section': it places data in a chosen binary section (constructors run before main)",
        "used_attr": "'@used': it keeps a symbol the program never uses (how constructors are kept)",
        "cdecl_attr": "'@_cdecl' or '@c': it exports a C symbol, which can replace one the program uses",
        "expose_attr": "'@_expose': it exports a symbol under a chosen name",
        "silgen_name_attr": "'@_silgen_name': it binds to or defines an arbitrary symbol",
        "extern_attr": "'@_extern': it binds to an arbitrary external symbol",
        "dynamic_replacement_attr": "'@_dynamicReplacement': it replaces another function's body at run time",
        "exported_attr": "'@_exported': it re-exports a module",
    ]

    /// Every problem in the answer whose dump is `dump` (the JSON text). `source` is the
    /// answer's text, for places; names the starter declares at the top level, and names no
    /// `trusted` source uses, are the answer's to declare.
    package static func violations(
        inDump dump: String, source: String, path: String, starter: String = "", trusted: [String] = []
    ) -> [Diagnostic] {
        guard let root = JSONValue.parse(dump), let items = root["items"]?.array else {
            return [
                Diagnostic(
                    path: path, line: 1, column: 1, message: "the compiler's parse of the answer could not be read")
            ]
        }
        let places = SourcePlaces(source)
        var found: [Diagnostic] = []
        func refuse(_ node: JSONValue, _ message: String) {
            let (line, column) = places.place(ofOffset: node["range"]?["start"]?.int ?? 0)
            found.append(Diagnostic(path: path, line: line, column: column, message: "answers may not \(message)"))
        }
        let own = "$s\(moduleName.utf8.count)\(moduleName)"
        func visit(_ node: JSONValue, topLevel: Bool, inOwnType: Bool) {
            switch node {
            case .array(let elements):
                for element in elements { visit(element, topLevel: topLevel, inOwnType: inOwnType) }
                return
            case .object(let members):
                let kind = members["_kind"]?.string ?? ""
                var ownType = inOwnType
                if let reason = forbidden[kind], members["implicit"]?.isTrue != true {
                    refuse(node, "use \(reason)")
                }
                if kind == "import_decl", members["exported"]?.isTrue == true {
                    refuse(node, "use '@_exported': it re-exports a module")
                }
                if kind.hasSuffix("operator_decl") || kind == "precedence_group_decl" {
                    refuse(node, "declare operators or precedence groups: they change what expressions mean")
                }
                if kind == "extension_decl" {
                    let extended = members["extended_type"]?.string ?? ""
                    if extended.hasPrefix(own) {
                        ownType = true
                    } else {
                        refuse(
                            node,
                            "extend a type they do not declare themselves (\(readable(extended))): an extension or "
                                + "conformance changes that type for all the code in the program")
                    }
                }
                if ["struct_decl", "class_decl", "enum_decl", "protocol"].contains(kind) { ownType = true }
                if kind == "func_decl", !ownType, members["name"]?["base_name"]?["is_operator"]?.isTrue == true {
                    let name = members["name"]?["base_name"]?["name"]?.string ?? "?"
                    refuse(
                        node,
                        "declare the operator function '\(name)' outside their own types: it changes what '\(name)' means"
                    )
                }
                for (key, member) in members where key != "range" && key != "name" {
                    visit(member, topLevel: false, inOwnType: ownType)
                }
            default:
                return
            }
        }
        for item in items { visit(item, topLevel: true, inOwnType: false) }
        if !trusted.isEmpty {
            let allowed = Set(topLevelNames(SwiftTokens(starter).tokens).map(\.name.text))
            var used = Set<String>()
            for text in trusted {
                for token in SwiftTokens(text).tokens { used.insert(token.text) }
            }
            for item in items {
                let kind = item["_kind"]?.string ?? ""
                guard
                    ["func_decl", "var_decl", "struct_decl", "class_decl", "enum_decl", "protocol", "typealias"]
                        .contains(kind),
                    let name = item["name"]?["base_name"]?["name"]?.string ?? item["name"]?.string,
                    used.contains(name), !allowed.contains(name)
                else { continue }
                refuse(
                    item,
                    "declare '\(name)' at the top level: the code that talks to the checks uses that name, and "
                        + "a declaration in your file would change what it means; choose another name or put "
                        + "it inside one of your own types")
            }
        }
        var seen = Set<String>()
        return found.sorted { ($0.line, $0.column) < ($1.line, $1.column) }.filter {
            seen.insert("\($0.line):\($0.column):\($0.message)").inserted
        }
    }

    /// A mangled type in words where it is a common one; else the mangled name.
    private static func readable(_ mangled: String) -> String {
        let common: [String: String] = [
            "$sSaD": "Array", "$sSbD": "Bool", "$sSiD": "Int", "$sSSD": "String", "$sSDD": "Dictionary",
            "$sShD": "Set", "$sSqD": "Optional", "$sSdD": "Double", "$ss6ResultOD": "Result",
        ]
        if let name = common[mangled] { return name }
        if mangled.hasPrefix("$sSay") { return "an Array type" }
        return "a type of another module"
    }

    /// The names declared at brace depth 0, with the keyword that declared each (for the
    /// trusted starter only: its tokens are not adversarial).
    private static func topLevelNames(_ tokens: [SwiftTokens.Token]) -> [(keyword: String, name: SwiftTokens.Token)] {
        let declarations: Set<String> = [
            "func", "struct", "class", "enum", "actor", "protocol", "typealias", "let", "var", "extension", "macro",
        ]
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

/// Line and column (1-based, in characters) of UTF-8 byte offsets in a text.
struct SourcePlaces {
    private let bytes: [UInt8]

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    func place(ofOffset offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for byte in bytes.prefix(max(0, offset)) {
            if byte == 10 {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}

/// A small Swift tokenizer for trusted code (the starter, the adapter and the kits): identifiers (attributes keep their `@`),
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
