// Quiz 02, the judge: fake DNS servers whose addresses are drawn at random for every run,
// which take their time, fail, and notice when the answer cancels them.

/// How one fake server behaves.
struct Step: Sendable {
    var seconds: Double
    var fails: Bool
}

/// The fake servers of one request.
final class Servers: Sendable {
    let host: String
    let plan: [Step]
    let addresses: [String]
    let cancelled = Shared<Set<Int>>([])
    let asked = Shared<Set<Int>>([])

    init(_ judging: Judging, _ plan: [Step]) {
        self.plan = plan
        host = "\(judging.token()).example.com"
        var addresses = Set<String>()
        while addresses.count < plan.count {
            addresses.insert(
                "10.\(judging.int(in: 0...255)).\(judging.int(in: 0...255)).\(judging.int(in: 1...254))")
        }
        self.addresses = judging.shuffled(Array(addresses))
    }

    /// The server that answers first without failing, if any.
    var fastest: Int? {
        plan.indices.filter { !plan[$0].fails }.min { plan[$0].seconds < plan[$1].seconds }
    }

    /// The plan in words, e.g. `server 0 answering in 0.6 s, server 1 failing in 0.1 s`.
    var described: String {
        if plan.isEmpty { return "no servers at all" }
        return plan.enumerated().map { index, step in
            "server \(index) \(step.fails ? "failing" : "answering") in \(step.seconds) s"
        }.joined(separator: ", ")
    }

    /// Serves one question to a server.
    func serve(_ call: Call) async throws -> [String] {
        guard call.operation == "ask", call.arguments.count == 2, let index = Int(call.arguments[0]),
            plan.indices.contains(index)
        else { throw WorldFailure("NoSuchServer") }
        guard call.arguments[1] == host else { throw WorldFailure("UnknownHost", [call.arguments[1]]) }
        asked.update { _ = $0.insert(index) }
        do {
            try await pause(plan[index].seconds)
        } catch {
            cancelled.update { _ = $0.insert(index) }
            throw error
        }
        if plan[index].fails { throw WorldFailure("ServerDown", [String(index)]) }
        return [addresses[index]]
    }

    /// Runs the answer's `resolveFirst` against these servers.
    func race(_ judging: Judging, within limit: Double = 5, late: String? = nil) async throws
        -> (outcome: Outcome, seconds: Double)
    {
        judging.answer.serve { [self] in try await serve($0) }
        return try await judging.answer.request(
            "resolve", [host, String(plan.count)], within: limit, doing: "with \(described), resolveFirst",
            late: late)
    }

    /// The address returned, or a failure that says what came back instead.
    func address(_ outcome: Outcome) throws -> String {
        guard case .returned(let values) = outcome, let address = values.first else {
            throw CheckFailure(
                "with \(described), resolveFirst \(outcome.described) instead of answering \(fastest.map { addresses[$0] } ?? "-")"
            )
        }
        return address
    }

    /// Fails unless `address` is the fastest good server's.
    func requireFastest(_ address: String) throws {
        guard let fastest else { return }
        guard let index = addresses.firstIndex(of: address) else {
            throw CheckFailure(
                "with \(described), resolveFirst returned \"\(address.prefix(40))\", which no server answered: the address must come from a server"
            )
        }
        try require(
            index == fastest,
            "with \(described), resolveFirst returned server \(index)'s address; the fastest server that answers is server \(fastest)"
        )
    }
}

/// `plan` turned so that its first server sits at index 0, at index 1 and last: an answer
/// that favours one position cannot pass every version.
func everyPlace(_ plan: [Step]) -> [[Step]] {
    [0, 1, plan.count - 1].map { shift in
        plan.indices.map { plan[($0 - shift + plan.count) % plan.count] }
    }
}

/// A plan whose first server answers in `first` seconds and the `others` in `rest`.
func plan(_ judging: Judging, first: Double, others: Int, rest: ClosedRange<Double>) -> [Step] {
    [Step(seconds: first, fails: false)]
        + (0..<others).map { _ in Step(seconds: (judging.double(in: rest) * 100).rounded() / 100, fails: false) }
}

let quizChecks: [JudgeCheck] = [
    JudgeCheck(
        "returns the fastest server's address",
        lesson: "Lessons/05-first-result.md#the-fastest-answer",
        hint: "Ask all servers at once (a task group), and take the first result that comes out of it."
    ) { judging in
        let plans =
            [[Step(seconds: 0.05, fails: false)]]
            + everyPlace(plan(judging, first: 0.05, others: judging.int(in: 2...4), rest: 0.3...0.6))
        for plan in plans {
            let servers = Servers(judging, plan)
            try servers.requireFastest(try servers.address(try await servers.race(judging).outcome))
        }
    },
    JudgeCheck(
        "does not wait for the slow servers",
        lesson: "Lessons/05-first-result.md#the-fastest-answer",
        hint: """
            A task group does not end until all its children have ended. Returning from it \
            with children still running makes it wait for them, unless you stop them first.
            """
    ) { judging in
        for plan in everyPlace(plan(judging, first: 0.1, others: 2, rest: 2...2)) {
            let servers = Servers(judging, plan)
            let (outcome, _) = try await servers.race(
                judging, within: 1,
                late:
                    "with \(servers.described), resolveFirst had not returned after 1 s: it waits for the slow servers")
            try servers.requireFastest(try servers.address(outcome))
        }
    },
    JudgeCheck(
        "cancels the servers still running",
        lesson: "Lessons/05-first-result.md#the-fastest-answer",
        hint: "Once you have an address, the other servers are wasted work: cancel them, and they see it and stop."
    ) { judging in
        for plan in everyPlace(plan(judging, first: 0.1, others: 3, rest: 1...1)) {
            let servers = Servers(judging, plan)
            let (outcome, _) = try await servers.race(judging)
            try servers.requireFastest(try servers.address(outcome))
            let losers = Set(plan.indices).subtracting([servers.fastest!])
            let started = now()
            while !servers.cancelled.value.isSuperset(of: losers), now() - started < 0.5 {
                try await pause(0.02)
            }
            let cancelled = servers.cancelled.value.intersection(losers)
            let missed = losers.subtracting(cancelled).sorted().map(String.init)
            try require(
                cancelled == losers,
                """
                with \(servers.described), \(cancelled.count) of the \(losers.count) servers still \
                running after the first answer \(cancelled.count == 1 ? "was" : "were") cancelled\
                \(missed.isEmpty ? "" : " (not server \(missed.joined(separator: ", ")))"); all of them should be
                """)
        }
    },
    JudgeCheck(
        "skips servers that fail",
        lesson: "Lessons/05-first-result.md#the-first-successful-answer",
        hint: """
            A server that throws has not answered. Treat its failure as "no answer" and keep \
            taking results until one is an address.
            """
    ) { judging in
        let base = [
            Step(seconds: 0.05, fails: true), Step(seconds: 0.3, fails: false), Step(seconds: 0.1, fails: true),
            Step(seconds: 0.5, fails: false),
        ]
        // And one whose only good server is slow: no server is too slow to be the answer
        // (a time limit per server drops it).
        let slow = (judging.double(in: 1.6...2.4) * 100).rounded() / 100
        let late = [
            Step(seconds: 0.05, fails: true), Step(seconds: slow, fails: false), Step(seconds: 0.2, fails: true),
        ]
        for plan in [base, [base[1], base[0], base[3], base[2]], [base[0], base[3], base[2], base[1]], late] {
            let servers = Servers(judging, plan)
            let (outcome, _) = try await servers.race(judging)
            switch outcome {
            case .returned(let values):
                try servers.requireFastest(values.first ?? "")
            default:
                throw CheckFailure(
                    "with \(servers.described), resolveFirst \(outcome.described) instead of waiting for server \(servers.fastest!), the fastest server that answers"
                )
            }
        }
    },
    JudgeCheck(
        "throws when every server fails",
        lesson: "Lessons/05-first-result.md#the-first-successful-answer",
        hint:
            "When the results run out without a single address, there is nothing to return: throw an error of your own, at once."
    ) { judging in
        let failing = (0..<judging.int(in: 2...4)).map { _ in
            Step(seconds: (judging.double(in: 0.05...0.2) * 100).rounded() / 100, fails: true)
        }
        for plan in [failing, []] {
            let servers = Servers(judging, plan)
            let (outcome, took) = try await servers.race(
                judging, within: 1.5,
                late:
                    "with \(servers.described), resolveFirst had not returned after 1.5 s; with no address to give, it should throw at once"
            )
            if case .returned(let values) = outcome {
                throw CheckFailure(
                    "with \(servers.described), resolveFirst returned \"\(values.first ?? "")\"; with no address to give, it should throw"
                )
            }
            // At once: the last server has failed, and nothing else is worth waiting for.
            let last = plan.map(\.seconds).max() ?? 0
            try require(
                took <= last + 0.5,
                """
                with \(servers.described), resolveFirst threw after \(seconds(took)), \(seconds(took - last)) after \
                the last server failed: something else (a timer?) decides when it gives up, instead of \
                the last failure
                """)
        }
    },
]
