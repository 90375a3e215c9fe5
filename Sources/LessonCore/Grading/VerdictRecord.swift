/// One line a quiz harness wrote on its report channel. Every line starts with the run's
/// secret, so lines written by the answer itself (which never learns the secret) are ignored.
///
/// The wire format is `SECRET<TAB>kind<TAB>field…` with tabs, newlines and backslashes in a
/// field escaped as `\t`, `\n` and `\\`.
package enum VerdictRecord: Sendable, Hashable {
    /// From `--list`: check `index` exists, with its task number, name and hint.
    case check(index: Int, task: Int, name: String, hint: String)
    /// Check `index` passed.
    case pass(index: Int)
    /// Check `index` failed, with the check's explanation.
    case fail(index: Int, message: String)

    /// The records in `text` that carry `secret`; every other line is ignored.
    package static func parse(_ text: String, secret: String) -> [VerdictRecord] {
        guard !secret.isEmpty else { return [] }
        var records: [VerdictRecord] = []
        for line in text.split(separator: "\n") {
            var fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                .map { unescape($0) }
            guard fields.count >= 3, fields.removeFirst() == secret else { continue }
            let kind = fields.removeFirst()
            guard let index = Int(fields[0]) else { continue }
            switch (kind, fields.count) {
            case ("check", 4):
                guard let task = Int(fields[1]) else { continue }
                records.append(.check(index: index, task: task, name: fields[2], hint: fields[3]))
            case ("pass", 1):
                records.append(.pass(index: index))
            case ("fail", 2):
                records.append(.fail(index: index, message: fields[1]))
            default:
                continue
            }
        }
        return records
    }

    /// One wire line for `fields`, newline included (what the harness writes).
    package static func line(secret: String, _ fields: [String]) -> String {
        "\n" + ([secret] + fields.map(escape)).joined(separator: "\t") + "\n"
    }

    /// Escapes backslashes, tabs, newlines and carriage returns.
    package static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            case "\r": escaped += "\\r"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Reverses `escape`; an unknown escape keeps its character.
    package static func unescape(_ text: Substring) -> String {
        var result = ""
        var escaping = false
        for character in text {
            if escaping {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "r": result.append("\r")
                default: result.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}
