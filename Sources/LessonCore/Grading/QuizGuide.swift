/// What `lesson quiz` tells a learner about one quiz, as text: the question, where the answer
/// file is and how to grade it, and the hints revealed so far. Pure: the caller creates the
/// answer file and keeps the hint progress (`HintProgress`), then asks for the words.
package enum QuizGuide {
    /// How the learner names `quiz` on the command line: its number (`04`), else its id.
    package static func argument(for quiz: Quiz) -> String {
        guard let number = quiz.number else { return quiz.id }
        return (0..<10).contains(number) ? "0\(number)" : "\(number)"
    }

    /// The question, then where the answer file is (`answerPath`, as shown; `created` when it
    /// was just copied from the starter) and how to grade it.
    package static func show(_ quiz: Quiz, answerPath path: String, created: Bool) -> String {
        var text = withoutFrontMatter(quiz.readme)
        if !text.hasSuffix("\n") { text += "\n" }
        text += "\n"
        text +=
            created
            ? "Your answer file (a copy of the starter): \(path)\n"
            : "Your answer file (already there, left as it is): \(path)\n"
        let number = argument(for: quiz)
        text += "Edit it, then run 'lesson grade \(number)' (add --watch to grade on every save).\n"
        if !quiz.hints.isEmpty {
            let count = quiz.hints.count
            text +=
                "Stuck? 'lesson quiz \(number) --hint' shows one hint at a time (\(count) in all);"
                + " '--hints' shows the ones revealed so far.\n"
        }
        return text
    }

    /// The hints revealed so far, numbered, and how many are left.
    package static func hints(_ quiz: Quiz, revealed: Int) -> String {
        guard !quiz.hints.isEmpty else { return "Quiz \(quiz.id) has no hints.\n" }
        let shown = min(revealed, quiz.hints.count)
        var text =
            shown == 0
            ? "No hint revealed yet for quiz \(quiz.id).\n"
            : "Hints for quiz \(quiz.id) (\(shown) of \(quiz.hints.count)):\n"
        text += quiz.hints.prefix(shown).enumerated().map { "  \($0.offset + 1). \($0.element)\n" }.joined()
        let left = quiz.hints.count - shown
        text +=
            left == 0
            ? "No hints left.\n"
            : "\(left) hint\(left == 1 ? "" : "s") left: 'lesson quiz \(argument(for: quiz)) --hint' reveals the next.\n"
        return text
    }

    /// The README without its `---` front matter and the blank lines after it.
    package static func withoutFrontMatter(_ readme: String) -> String {
        let text = LessonParser.normalizeLineEndings(readme)
        let body = FrontMatter.parse(text).0.removed(from: text)
        return body.split(separator: "\n", omittingEmptySubsequences: false).drop { $0.isEmpty }
            .joined(separator: "\n")
    }
}
