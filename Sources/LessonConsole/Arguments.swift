import LessonRunner

/// A small parser for `lesson`'s arguments: positional words, `--flag` and `--option VALUE`
/// (or `--option=VALUE`).
package struct Arguments: Sendable {
    package var positional: [String] = []
    private var flags: Set<String> = []
    private var options: [String: String] = [:]

    /// Parses `words`, accepting only the flags and options named.
    package init(_ words: [String], flags knownFlags: Set<String>, options knownOptions: Set<String>) throws(UsageError)
    {
        var rest = words[...]
        while let word = rest.popFirst() {
            guard word.hasPrefix("--"), word.count > 2 else {
                if word.hasPrefix("-"), word.count > 1 {
                    throw UsageError("unknown option '\(word)'")
                }
                positional.append(word)
                continue
            }
            var name = String(word.dropFirst(2))
            var value: String? = nil
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if knownFlags.contains(name), value == nil {
                flags.insert(name)
            } else if knownOptions.contains(name) {
                if value == nil { value = rest.popFirst() }
                guard let value else { throw UsageError("option '--\(name)' needs a value") }
                options[name] = value
            } else {
                throw UsageError("unknown option '--\(name)'")
            }
        }
    }

    package func has(_ flag: String) -> Bool { flags.contains(flag) }

    package func value(_ option: String) -> String? { options[option] }

    /// A positive whole number option, or `fallback` when absent.
    package func count(_ option: String, default fallback: Int) throws(UsageError) -> Int {
        guard let text = options[option] else { return fallback }
        guard let number = Int(text), number >= 1 else {
            throw UsageError("--\(option) needs a whole number of at least 1, not '\(text)'")
        }
        return number
    }
}
