// Hidden checks for quiz 01: slow sources whose number is the length of their name.

/// A source that answers after `delay` seconds with the number of characters of its name.
@Sendable func slowRead(_ source: String) async -> Int {
    try? await Task.sleep(for: .milliseconds(300))
    return source.count
}

let quizChecks: [QuizCheck] = [
    QuizCheck(
        "the numbers add up",
        hint: "Add the number of every source, each exactly once."
    ) {
        let sources = ["a", "bb", "ccc", "dddd"]
        let sum = await total(of: sources, read: slowRead)
        try require(sum == 10, "for sources answering 1, 2, 3 and 4, total returned \(sum); expected 10")
    },
    QuizCheck(
        "the sources are read at the same time",
        hint: "Start reading every source before waiting for any of them: one child task per source."
    ) {
        let start = ContinuousClock.now
        let sum = await total(of: ["one", "two", "three", "four", "five"], read: slowRead)
        let elapsed = ContinuousClock.now - start
        try require(sum == 19, "total returned \(sum); expected 19")
        try require(
            elapsed < .milliseconds(900),
            "5 sources of 0.3 s each took \(elapsed); read together they take about 0.3 s, not 1.5 s")
    },
]
