// Quiz 05, the judge: each check runs its program here, in the judge (printing into a log
// instead of standard output), asks the answer for its prediction (plain data), and
// compares the prediction with the order the runtime guarantees, and that order with what
// the program actually did.

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
func grade(
    _ judging: Judging, _ name: String, guaranteed: [String], observed: [String]
) async throws {
    let (outcome, _) = try await judging.answer.request(
        "predict", [name], within: 5, doing: "reading snippet\(name)")
    guard case .returned(let predicted) = outcome else {
        throw CheckFailure("reading your prediction for program \(name) \(outcome.described)")
    }
    try require(
        observed == guaranteed,
        """
        program \(name) itself printed \(observed) on this run, which is not the order it is \
        meant to guarantee; please report this quiz as broken
        """)
    let lines = predicted.map { $0.trimmingSpaces() }
    try require(!lines.isEmpty, "your prediction for program \(name) is empty")
    if let unknown = lines.first(where: { !guaranteed.contains($0) }) {
        throw CheckFailure("program \(name) never prints \"\(unknown)\" (check its spelling, and every value in it)")
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

/// Program E's actor: steams milk for a latte and takes other orders meanwhile.
actor Barista {
    let out: Printed
    private var orders = 0
    private var milk: CheckedContinuation<Void, Never>?

    init(_ out: Printed) { self.out = out }

    var isSteaming: Bool { milk != nil }

    func latte() async {
        orders += 1
        out.say("1 latte: order \(orders), milk steaming")
        await withCheckedContinuation { milk = $0 }
        out.say("2 latte: poured as order \(orders)")
    }

    func espresso() {
        orders += 1
        out.say("3 espresso: order \(orders)")
        milk?.resume()  // the milk is hot
        milk = nil
        out.say("4 espresso: served")
    }
}

let quizChecks: [JudgeCheck] = [
    JudgeCheck(
        "program A: a task started from top-level code", task: 1,
        lesson: "Lessons/03-tasks.md#2-task-it-runs-later",
        hint: "The new task needs the main actor, and the top-level code keeps it until its first await."
    ) { @MainActor judging in
        let out = Printed()
        out.say("1 before")
        let task = Task {
            out.say("2 in the task")
        }
        out.say("3 after creating it")
        await task.value
        out.say("4 after awaiting it")
        try await grade(
            judging, "A",
            guaranteed: ["1 before", "3 after creating it", "2 in the task", "4 after awaiting it"],
            observed: out.all)
    },
    JudgeCheck(
        "program B: an immediate task", task: 2,
        lesson: "Lessons/03-tasks.md#3-task-immediate-it-starts-now-right-here",
        hint:
            "Task.immediate runs its closure right away, up to its first suspension; the rest waits for the main actor."
    ) { @MainActor judging in
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
        try await grade(
            judging, "B",
            guaranteed: ["1 before", "2 at once", "4 after creating it", "3 after the yield", "5 done"],
            observed: out.all)
    },
    JudgeCheck(
        "program C: cancelled before it starts", task: 3,
        lesson: "Lessons/08-streams.md#stopping-long-running-work",
        hint:
            "The task cannot start before the top-level code awaits; by then it is cancelled, and Task.sleep throws at once."
    ) { @MainActor judging in
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
        try await grade(
            judging, "C", guaranteed: ["cancelling", "stopped: true", "done"],
            observed: out.all)
    },
    JudgeCheck(
        "program D: an async let nobody awaits", task: 4,
        lesson: "Lessons/01-waiting-without-blocking.md#walking-away-from-a-cup",
        hint: "Leaving the scope of an async let that was never awaited cancels it, and waits for it to finish."
    ) { @MainActor judging in
        let out = Printed()
        out.say(await brew(out))
        out.say("served")
        try await grade(
            judging, "D",
            guaranteed: ["espresso poured", "milk cancelled", "coffee", "served"],
            observed: out.all)
    },
    JudgeCheck(
        "program E: a second call while an actor method waits", task: 5,
        lesson: "Lessons/10-actors.md#between-two-awaits-anything-can-happen",
        hint:
            "At its await the latte lets the espresso run on the same actor; resumed, it waits its turn until the espresso has returned."
    ) { @MainActor judging in
        let out = Printed()
        let barista = Barista(out)
        let latte = Task { await barista.latte() }
        while await !barista.isSteaming {
            await Task.yield()
        }
        await barista.espresso()
        await latte.value
        out.say("5 done")
        try await grade(
            judging, "E",
            guaranteed: [
                "1 latte: order 1, milk steaming", "3 espresso: order 2", "4 espresso: served",
                "2 latte: poured as order 2", "5 done",
            ],
            observed: out.all)
    },
]
