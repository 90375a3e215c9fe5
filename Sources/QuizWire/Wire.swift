/// The line format the judge and the answer speak over their pipes, and that `lesson` reads
/// the judge's verdicts in: one message per line, fields separated by tabs, with backslashes,
/// tabs, newlines and carriage returns in a field escaped as `\\`, `\t`, `\n` and `\r`.
/// Compiled into both programs (embedded as source) and a module of the package that
/// `LessonCore` reads verdicts with, so the format exists once. Pure: no I/O here (the pipes
/// are `QuizPipe`'s).
public enum Wire {
    /// One line for `fields`, newline included.
    public static func line(_ fields: [String]) -> [UInt8] {
        Array((fields.map(escape).joined(separator: "\t") + "\n").utf8)
    }

    /// The fields of one line (without its newline).
    public static func fields(_ line: [UInt8]) -> [String] {
        line.split(separator: 9, omittingEmptySubsequences: false).map {
            unescape(String(decoding: $0, as: UTF8.self))
        }
    }

    /// Escapes backslashes, tabs, newlines and carriage returns.
    public static func escape(_ text: String) -> String {
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
    public static func unescape(_ text: String) -> String {
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
