/// Finds the modules a Swift source imports, from its import declarations alone: comments
/// and string literals are skipped, attributes (`@testable`, `@preconcurrency`, ...),
/// access levels (`public import`) and declaration kinds (`import struct M.T`) are
/// understood. Conditional compilation is not evaluated: an import under `#if` counts.
package enum SwiftImports {
    /// The imported top-level module names, in order of first appearance, each once.
    package static func modules(in source: String) -> [String] {
        var seen: Set<String> = []
        var modules: [String] = []
        for statement in statements(of: code(of: source)) {
            guard let module = importedModule(statement), seen.insert(module).inserted else { continue }
            modules.append(module)
        }
        return modules
    }

    /// The module an import declaration names, or nil when `statement` is not one.
    static func importedModule(_ statement: Substring) -> String? {
        let modifiers: Set<Substring> = ["public", "package", "internal", "fileprivate", "private", "open"]
        let kinds: Set<Substring> = ["typealias", "struct", "class", "enum", "protocol", "let", "var", "func"]
        var words = statement.split(whereSeparator: \.isWhitespace)[...]
        while let first = words.first, first.hasPrefix("@") || modifiers.contains(first) {
            words = words.dropFirst()
        }
        guard words.popFirst() == "import", var path = words.popFirst() else { return nil }
        if kinds.contains(path), let next = words.popFirst() { path = next }
        let module = path.prefix { $0 != "." }
        guard let head = module.first, head == "_" || head.isLetter,
            module.allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber })
        else { return nil }
        return String(module)
    }

    /// The source split into lines and `;`-separated statements.
    private static func statements(of code: String) -> [Substring] {
        code.split(whereSeparator: { $0 == "\n" || $0 == ";" })
    }

    /// The source with every comment and string literal blanked out (newlines kept).
    static func code(of source: String) -> String {
        let scalars = Array(source.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        func blank(_ scalar: Unicode.Scalar) { output.append(scalar == "\n" ? "\n" : " ") }
        func at(_ offset: Int, _ text: String) -> Bool {
            var position = offset
            for scalar in text.unicodeScalars {
                guard position < scalars.count, scalars[position] == scalar else { return false }
                position += 1
            }
            return true
        }
        while index < scalars.count {
            if at(index, "//") {
                while index < scalars.count, scalars[index] != "\n" { index += 1 }
            } else if at(index, "/*") {
                var depth = 0
                repeat {
                    if at(index, "/*") {
                        depth += 1
                        index += 2
                    } else if at(index, "*/") {
                        depth -= 1
                        index += 2
                    } else {
                        blank(scalars[index])
                        index += 1
                    }
                } while depth > 0 && index < scalars.count
            } else if let end = stringEnd(scalars, from: index) {
                while index < end {
                    blank(scalars[index])
                    index += 1
                }
            } else {
                output.append(scalars[index])
                index += 1
            }
        }
        return String(output)
    }

    /// If a string literal (`"…"`, `"""…"""`, `#"…"#`) starts at `start`, the index just
    /// after it; a single-line literal ends at the end of its line at the latest.
    private static func stringEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start
        var hashes = 0
        while index < scalars.count, scalars[index] == "#" {
            hashes += 1
            index += 1
        }
        guard index < scalars.count, scalars[index] == "\"" else { return nil }
        let multiline = index + 2 < scalars.count && scalars[index + 1] == "\"" && scalars[index + 2] == "\""
        let quotes = multiline ? 3 : 1
        index += quotes
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\n", !multiline { return index }
            if scalar == "\\", hashes == 0 {
                index += 2
                continue
            }
            if scalar == "\"" {
                var run = 0
                while index + run < scalars.count, scalars[index + run] == "\"", run < quotes { run += 1 }
                var closing = 0
                while index + run + closing < scalars.count, scalars[index + run + closing] == "#",
                    closing < hashes
                {
                    closing += 1
                }
                if run == quotes, closing == hashes { return index + run + closing }
                index += max(1, run)
                continue
            }
            index += 1
        }
        return index
    }
}
