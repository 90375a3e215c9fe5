// Hidden checks for quiz 05: each check runs its program (printing into a log instead of
// standard output) and compares the learner's prediction with the order the runtime
// guarantees, and that order with what the program actually did.

/// Collects the lines a program "prints".
final class Printed: Sendable {
    private let lines = Shared<[String]>([])

    init() {}

    func say(_ line: String) {
        lines.update { $0.append(line) }
    }

    var all: [String] { lines.value }
}

/// Compares a prediction with the guaranteed order and with the order observed in a run.
func grade(_ name: String, predicted: [String], guaranteed: [String], observed: [String]) throws {
    try require(
        observed == guaranteed,
        """
        program \(name) itself printed \(observed) on this run, which is not the order it is \
        meant to guarantee; please report this quiz as broken
        """)
    let lines = predicted.map { $0.trimmingSpaces() }
    try require(!lines.isEmpty, "your prediction for program \(name) is empty")
    if let unknown = lines.first(where: { !guaranteed.contains($0) }) {
        throw CheckFailure("program \(name) never prints \"\(unknown)\" (check the spelling)")
    }
    try require(
        lines.count == guaranteed.count,
        "your prediction has \(lines.count) lines; program \(name) prints \(guaranteed.count)")
    if let wrong = lines.indices.first(where: { lines[$0] != guaranteed[$0] }) {
        throw CheckFailure(
            "line \(wrong + 1) of your prediction for program \(name) is \"\(lines[wrong])\"; that line cannot come there"
        )
    }
}

extension String {
    /// Without spaces at either end.
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

/// Program D's function.
func brew(_ out: Printed) async -> String {
    async let milk: Void = {
        do {
            try await Task.sleep(for: .seconds(5))
            out.say("milk steamed")
        } catch {
            out.say("milk cancelled")
        }
    }()
    out.say("espresso poured")
    return "coffee"
}

let quizChecks: [QuizCheck] = [
    QuizCheck(
        "program A: a task started from top-level code", task: 1,
        hint: "The new task needs the main actor, and the top-level code keeps it until its first await."
    ) { @MainActor in
        let out = Printed()
        out.say("1 before")
        let task = Task {
            out.say("2 in the task")
        }
        out.say("3 after creating it")
        await task.value
        out.say("4 after awaiting it")
        try grade(
            "A", predicted: snippetA,
            guaranteed: ["1 before", "3 after creating it", "2 in the task", "4 after awaiting it"],
            observed: out.all)
    },
    QuizCheck(
        "program B: an immediate task", task: 2,
        hint:
            "Task.immediate runs its closure right away, up to its first suspension; the rest waits for the main actor."
    ) { @MainActor in
        let out = Printed()
        out.say("1 before")
        let task = Task.immediate {
            out.say("2 at once")
            await Task.yield()
            out.say("3 after the yield")
        }
        out.say("4 after creating it")
        await task.value
        out.say("5 done")
        try grade(
            "B", predicted: snippetB,
            guaranteed: ["1 before", "2 at once", "4 after creating it", "3 after the yield", "5 done"],
            observed: out.all)
    },
    QuizCheck(
        "program C: cancelled before it starts", task: 3,
        hint:
            "The task cannot start before the top-level code awaits; by then it is cancelled, and Task.sleep throws at once."
    ) { @MainActor in
        let out = Printed()
        let task = Task {
            do {
                try await Task.sleep(for: .seconds(10))
                out.say("woke up")
            } catch {
                out.say("stopped: \(error is CancellationError)")
            }
        }
        out.say("cancelling")
        task.cancel()
        await task.value
        out.say("done")
        try grade(
            "C", predicted: snippetC, guaranteed: ["cancelling", "stopped: true", "done"],
            observed: out.all)
    },
    QuizCheck(
        "program D: an async let nobody awaits", task: 4,
        hint: "Leaving the scope of an async let that was never awaited cancels it, and waits for it to finish."
    ) { @MainActor in
        let out = Printed()
        out.say(await brew(out))
        out.say("served")
        try grade(
            "D", predicted: snippetD,
            guaranteed: ["espresso poured", "milk cancelled", "coffee", "served"],
            observed: out.all)
    },
]
