import QuizWire

/// What a quiz's judge program prints on its standard output, a pipe only the judge holds:
/// one line per record in the wire format (`QuizWire`'s `Wire`, the one the judge writes with).
/// - `check INDEX TASK NAME HINT LESSON` for every check (`--list`);
/// - `pass`, or `fail MESSAGE` (or `fail MESSAGE HINT`, with the hint for the cause the check
///   saw), or `hung MESSAGE [HINT]` when the check failed because the answer never replied in
///   time, once, for the check it ran.
package enum JudgeReport: Sendable, Hashable {
    /// From `--list`: check `index` exists.
    case check(index: Int, task: Int, name: String, hint: String, lesson: String)
    /// The check passed.
    case pass
    /// The check failed, with the judge's explanation and, when the check told one cause from
    /// another, the hint for the cause it saw.
    case fail(message: String, hint: String? = nil)
    /// The check failed because the answer never replied within its time.
    case hung(message: String, hint: String? = nil)

    /// The records in `text`; lines that are not records are ignored.
    package static func parse(_ text: String) -> [JudgeReport] {
        var records: [JudgeReport] = []
        for line in text.split(separator: "\n") {
            let fields = Wire.fields(Array(line.utf8))
            switch (fields.first, fields.count) {
            case ("check", 6):
                guard let index = Int(fields[1]), let task = Int(fields[2]) else { continue }
                records.append(.check(index: index, task: task, name: fields[3], hint: fields[4], lesson: fields[5]))
            case ("pass", 1):
                records.append(.pass)
            case ("fail", 2):
                records.append(.fail(message: fields[1]))
            case ("fail", 3):
                records.append(.fail(message: fields[1], hint: fields[2]))
            case ("hung", 2):
                records.append(.hung(message: fields[1]))
            case ("hung", 3):
                records.append(.hung(message: fields[1], hint: fields[2]))
            default:
                continue
            }
        }
        return records
    }

    /// The wire line of a record, newline included.
    package var line: String {
        let fields: [String] =
            switch self {
            case .check(let index, let task, let name, let hint, let lesson):
                ["check", String(index), String(task), name, hint, lesson]
            case .pass: ["pass"]
            case .fail(let message, let hint): ["fail", message] + (hint.map { [$0] } ?? [])
            case .hung(let message, let hint): ["hung", message] + (hint.map { [$0] } ?? [])
            }
        return String(decoding: Wire.line(fields), as: UTF8.self)
    }
}
