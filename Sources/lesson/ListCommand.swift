import LessonCore
import LessonRunner

/// `lesson list`: every lesson with its title and last recorded result, then every quiz with
/// the learner's progress.
enum ListCommand {
    static func run(_ words: [String]) async -> Int32 {
        do {
            _ = try Arguments(words, flags: [], options: [])
            let workspace = try Workspace.chosen()
            try workspace.requireWorkshop()
            writeStandardOutput(render(try Workshop.load(workspace)))
            return CLI.Exit.passed
        } catch {
            return CLI.exitCode(for: error)
        }
    }

    /// The listing: a table of lessons and one of quizzes, each in columns that fit.
    static func render(_ workshop: Workshop) -> String {
        var text = "Workshop in \(workshop.workspace.displayPath(workshop.workspace.root))\n\nLessons:\n"
        text += table(workshop.lessons.map { [$0.stem, $0.document.lesson.title, $0.status] })
        if workshop.lessons.isEmpty { text += "  (none)\n" }
        return text + "\n" + QuizCommand.list(workshop)
    }

    /// Rows in columns as wide as their widest cell (titles cut at 40 characters), so the
    /// last column always starts at the same place.
    static func table(_ rows: [[String]]) -> String {
        let cut = rows.map { row in row.enumerated().map { $0.offset == 1 ? truncated($0.element, 40) : $0.element } }
        let widths = (0..<2).map { column in cut.map { $0[column].count }.max() ?? 0 }
        return cut.map { row in
            "  \(row[0].padded(widths[0]))  \(row[1].padded(widths[1]))  \(row[2])\n"
        }.joined()
    }

    /// `text`, cut to `width` characters with `…` when longer.
    static func truncated(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }
}

extension String {
    /// Padded with spaces to `width` characters.
    func padded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
