import LessonCore

/// `lesson list` and `lesson quiz` as text: every lesson with its title and last result, and
/// every quiz with the learner's progress, each in columns that fit.
package enum WorkshopListing {
    /// The whole listing: lessons, then quizzes.
    package static func render(_ workshop: Workshop) -> String {
        var text = "Workshop in \(workshop.workspace.displayPath(workshop.workspace.root))\n\nLessons:\n"
        text += table(workshop.lessons.map { [$0.stem, $0.document.lesson.title, $0.status] })
        if workshop.lessons.isEmpty { text += "  (none)\n" }
        return text + "\n" + quizzes(workshop)
    }

    /// Every quiz with its title and progress.
    package static func quizzes(_ workshop: Workshop) -> String {
        var text = "Quizzes:\n"
        text += table(
            workshop.quizzes.map { entry in
                if let quiz = entry.quiz { return [entry.id, quiz.title, entry.progress ?? ""] }
                let count = entry.problems.count
                return [entry.id, "", "\(count) problem\(count == 1 ? "" : "s") in the quiz"]
            })
        if workshop.quizzes.isEmpty { text += "  (none)\n" }
        return text + "\nOpen one with 'lesson quiz NN'; grade your answer with 'lesson grade NN'.\n"
    }

    /// Rows in columns as wide as their widest cell (titles cut at 40 characters), so the
    /// last column always starts at the same place.
    package static func table(_ rows: [[String]]) -> String {
        let cut = rows.map { row in row.enumerated().map { $0.offset == 1 ? truncated($0.element, 40) : $0.element } }
        let widths = (0..<2).map { column in cut.map { $0[column].count }.max() ?? 0 }
        return cut.map { row in
            "  \(padded(row[0], widths[0]))  \(padded(row[1], widths[1]))  \(row[2])\n"
        }.joined()
    }

    /// `text`, cut to `width` characters with `…` when longer.
    static func truncated(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }

    /// `text` padded with spaces to `width` characters.
    static func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
