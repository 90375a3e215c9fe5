/// `gradebook.csv`: one line per row of a gradebook, RFC 4180 (comma separated, CRLF line
/// ends, fields quoted when they hold a comma, a quote or a line break), safe to open in a
/// spreadsheet: a text field that starts like a formula (`=`, `+`, `-`, `@`, a tab) gets a
/// leading `'`, so a learner named `=HYPERLINK(…)` stays text.
package enum GradebookCSV {
    /// The header line's fields: the contract's six first, then what identifies the grading, then
    /// how many runs of its checks were set aside (failed while the machine held them back).
    package static let columns = [
        "learner", "quiz", "status", "passed", "total", "seed", "reason", "answer", "answer_sha256",
        "quiz_version", "graded_at", "set_aside",
    ]

    /// The whole file.
    package static func render(_ gradebook: Gradebook) -> String {
        var lines = [columns.joined(separator: ",")]
        for row in gradebook.rows {
            let fields = [
                text(row.learner), text(row.quiz), row.status.rawValue, String(row.passed), String(row.total),
                row.seed.map(String.init) ?? "", text(row.reason), text(row.answer), row.answerHash, row.quizVersion,
                row.gradedAt, String(row.setAsideCount),
            ]
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A text field: defused when it starts like a formula, quoted when it must be.
    package static func text(_ value: String) -> String {
        var value = value
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            value = "'" + value
        }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension String {
    /// The text with every `target` replaced (the standard library has no such call without
    /// Foundation).
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
