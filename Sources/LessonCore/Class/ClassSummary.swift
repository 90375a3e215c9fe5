/// The summary `lesson class grade` and `lesson class merge` print at the end: counts, the
/// room's pass rate per quiz, and the five most failed checks with the section to read.
package enum ClassSummary {
    /// The summary of `gradebook`, ending with a newline.
    package static func render(_ gradebook: Gradebook) -> String {
        let counts = GradebookRow.Status.allCases.map { "\(gradebook.count($0)) \($0.rawValue)" }
        var text =
            "\(gradebook.learners.count) learner\(gradebook.learners.count == 1 ? "" : "s") × "
            + "\(gradebook.quizzes.count) quiz\(gradebook.quizzes.count == 1 ? "" : "zes"): "
            + counts.joined(separator: ", ") + "\n"
        if !gradebook.unknownQuizzes.isEmpty {
            text += "answers naming no quiz: \(gradebook.unknownQuizzes.joined(separator: ", "))\n"
        }
        text += "pass rate per quiz:\n"
        let width = gradebook.quizzes.map(\.id.count).max() ?? 0
        for rate in gradebook.quizRates {
            let percent = Int((rate.passRate * 100).rounded())
            let filled = Int((rate.passRate * 20).rounded())
            text +=
                "  " + rate.quiz + String(repeating: " ", count: width - rate.quiz.count + 2)
                + String(repeating: "#", count: filled) + String(repeating: ".", count: 20 - filled)
                + "  \(rate.passed)/\(rate.learners) pass (\(percent)%), \(rate.submitted) submitted\n"
        }
        if gradebook.mostFailed.isEmpty {
            text += "no check failed.\n"
        } else {
            text += "most failed checks:\n"
            for (number, rate) in gradebook.mostFailed.enumerated() {
                text +=
                    "  \(number + 1). \(rate.quiz): \(rate.check): failed by \(rate.failed) of \(rate.ran)"
                    + (rate.lesson.isEmpty ? "" : "; read \(rate.lesson)") + "\n"
            }
        }
        return text
    }
}
