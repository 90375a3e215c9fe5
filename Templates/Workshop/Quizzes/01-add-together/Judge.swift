// The judge of quiz 01: slow sources whose numbers are drawn at random for every grade,
// which count how many reads they serve at once.

/// The sources of one request, and what the judge saw of their reads.
final class Sources: Sendable {
    let names: [String]
    let numbers: [String: Int]
    let overlap = Overlap()
    let gathering: Gathering

    init(_ judging: Judging, count: Int) {
        names = judging.tokens(count)
        var numbers: [String: Int] = [:]
        for name in names { numbers[name] = judging.int(in: 1...99) }
        self.numbers = numbers
        gathering = Gathering(expected: count)
    }

    /// Serves one read: after every source is being read (or 1.5 s), 0.1 s later, the number.
    func serve(_ call: Call) async throws -> [String] {
        guard call.operation == "read", let name = call.arguments.first, let number = numbers[name] else {
            throw WorldFailure("NoSuchSource")
        }
        overlap.enter()
        defer { overlap.leave() }
        await gathering.arrive()
        try await pause(0.1)
        return [String(number)]
    }

    /// Runs the answer's `total` on these sources and returns the sum it gave.
    func total(_ judging: Judging) async throws -> Int {
        judging.answer.serve { [self] in try await serve($0) }
        let (outcome, _) = try await judging.answer.request("total", names, within: 5, doing: "total")
        guard case .returned(let values) = outcome, let sum = values.first.flatMap({ Int($0) }) else {
            throw CheckFailure("total \(outcome.described) instead of a sum")
        }
        return sum
    }
}

let quizChecks: [JudgeCheck] = [
    JudgeCheck(
        "the numbers add up",
        lesson: "Lessons/01-first-steps.md",
        hint: "Add the number of every source, each exactly once."
    ) { judging in
        for count in [0, 1, judging.int(in: 3...6)] {
            let sources = Sources(judging, count: count)
            let sum = try await sources.total(judging)
            let expected = sources.numbers.values.reduce(0, +)
            try require(sum == expected, "for \(count) sources, total returned \(sum); they add up to \(expected)")
        }
    },
    JudgeCheck(
        "the sources are read at the same time",
        lesson: "Lessons/01-first-steps.md",
        hint: "Start reading every source before waiting for any of them: one child task per source."
    ) { judging in
        let count = judging.int(in: 4...8)
        let sources = Sources(judging, count: count)
        _ = try await sources.total(judging)
        try require(
            sources.overlap.peak == count,
            "for \(count) sources, at most \(sources.overlap.peak) were read at the same time; all \(count) should be")
    },
]
