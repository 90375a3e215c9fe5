import CommonMark

/// A grade as Markdown, for a page that renders it (a GitHub Actions job summary): the quiz,
/// the verdict, and a table of every check with what went wrong and the section to read.
package enum GradeMarkdown {
    /// The Markdown of `report`, ending with a newline.
    package static func render(_ report: GradeReport) -> String {
        let mark = report.status == .pass ? "✅" : "❌"
        var text = "### \(mark) Quiz \(cell(report.quiz)): \(cell(report.title))\n\n"
        switch report.status {
        case .error:
            text += "Not graded: \(cell(GradebookRow.oneLine(report.message)))\n"
            return text
        case .pass:
            text += "All \(report.checks.count) checks pass.\n\n"
        case .fail:
            text += "\(report.passedCount) of \(report.checks.count) checks pass.\n\n"
        }
        text += "| check | result | what went wrong | read |\n|---|---|---|---|\n"
        for check in report.checks {
            let result = check.passed ? "✅ pass" : "❌ \(check.status.rawValue)"
            let read = check.lesson.isEmpty || check.passed ? "" : "`\(cell(check.lesson))`"
            text += "| \(cell(check.name)) | \(result) | \(cell(check.message)) | \(read) |\n"
        }
        if report.status == .fail, let seed = report.seed {
            text +=
                "\nInputs drawn from seed \(seed): `lesson grade \(cell(report.quiz)) --seed \(seed)` replays them.\n"
        }
        return text
    }

    /// Text safe in one table cell: no line breaks, pipes escaped, no raw HTML (the one HTML
    /// escaper writes `&`, `<` and `>` as entities).
    static func cell(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "|": out += "\\|"
            case "`": out += "'"
            case _ where character.isNewline: out += " "
            default: out.append(character)
            }
        }
        return HTMLEscaping.escape(out, quotes: .none)
    }
}
