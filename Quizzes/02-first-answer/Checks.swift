// Hidden checks for quiz 02: fake DNS servers that take their time, fail, and notice when
// they are cancelled.

/// What a fake server that is down throws.
struct ServerDown: Error {}

/// A set of fake DNS servers, and what happened to each.
struct FakeServers: Sendable {
    /// How each server behaves: seconds until it answers, and whether it fails.
    let plan: [(seconds: Double, fails: Bool)]
    let cancelled = Shared<Set<Int>>([])
    let finished = Shared<Set<Int>>([])

    init(_ plan: [(seconds: Double, fails: Bool)]) {
        self.plan = plan
    }

    /// Server `index` answers with `10.0.0.INDEX`.
    static func address(_ index: Int) -> String { "10.0.0.\(index)" }

    /// The servers handed to `resolveFirst`.
    var servers: [DNSServer] {
        plan.enumerated().map { index, step in
            { [cancelled, finished] host in
                do {
                    try await Task.sleep(for: .milliseconds(Int(step.seconds * 1000)))
                } catch {
                    cancelled.update { _ = $0.insert(index) }
                    throw error
                }
                finished.update { _ = $0.insert(index) }
                if step.fails { throw ServerDown() }
                return FakeServers.address(index)
            }
        }
    }
}

/// Runs `resolveFirst` and returns its outcome and how long it took.
func race(_ servers: FakeServers) async -> (Result<String, any Error>, Double) {
    await measure { () async -> Result<String, any Error> in
        do { return .success(try await resolveFirst("example.com", servers: servers.servers)) } catch {
            return .failure(error)
        }
    }
}

/// `plan` turned around so that its first server comes out at index 0, at index 1 and last:
/// an answer that favours one position cannot pass every version.
func everyPlace(_ plan: [(seconds: Double, fails: Bool)]) -> [[(seconds: Double, fails: Bool)]] {
    [0, 1, plan.count - 1].map { shift in
        plan.indices.map { plan[($0 - shift + plan.count) % plan.count] }
    }
}

/// The index of the server that answers first without failing.
func fastest(_ plan: [(seconds: Double, fails: Bool)]) -> Int {
    plan.indices.filter { !plan[$0].fails }.min { plan[$0].seconds < plan[$1].seconds } ?? -1
}

/// A plan in words, e.g. `server 0 answering in 0.6 s, server 1 failing in 0.1 s`.
func describe(_ plan: [(seconds: Double, fails: Bool)]) -> String {
    plan.enumerated().map { index, step in
        let time = step.seconds == step.seconds.rounded() ? "\(Int(step.seconds))" : "\(step.seconds)"
        return "server \(index) \(step.fails ? "failing" : "answering") in \(time) s"
    }.joined(separator: ", ")
}

/// The address `resolveFirst` returned, or a failure that says what it did instead.
func address(_ outcome: Result<String, any Error>, _ plan: [(seconds: Double, fails: Bool)]) throws -> String {
    switch outcome {
    case .success(let address): return address
    case .failure(let error):
        throw CheckFailure(
            "with \(describe(plan)), resolveFirst threw \(error) instead of answering \(FakeServers.address(fastest(plan)))"
        )
    }
}

let quizChecks: [QuizCheck] = [
    QuizCheck(
        "returns the fastest server's address",
        hint: "Ask all servers at once (a task group), and take the first result that comes out of it."
    ) {
        // The fastest server sits at index 0, then 1, then last.
        for plan in everyPlace([(0.1, false), (0.6, false), (0.35, false)]) {
            let (outcome, _) = await race(FakeServers(plan))
            let answer = try address(outcome, plan)
            let expected = FakeServers.address(fastest(plan))
            try require(
                answer == expected,
                "with \(describe(plan)), resolveFirst returned \(answer); the fastest answers \(expected)")
        }
    },
    QuizCheck(
        "does not wait for the slow servers",
        hint: """
            A task group does not end until all its children have ended. Returning from it \
            with children still running makes it wait for them, unless you cancel them first.
            """
    ) {
        for plan in everyPlace([(0.1, false), (2, false), (2, false)]) {
            let (outcome, elapsed) = await race(FakeServers(plan))
            _ = try address(outcome, plan)
            try require(
                elapsed < 1,
                """
                with \(describe(plan)), resolveFirst returned after \(seconds(elapsed)), not \
                soon after 0.1 s: it waited for the slow servers.
                """)
        }
    },
    QuizCheck(
        "cancels the servers still running",
        hint: "Once you have an address, call group.cancelAll(): the other servers see the cancellation and stop."
    ) {
        for plan in everyPlace([(0.1, false), (1, false), (1, false), (1, false)]) {
            let servers = FakeServers(plan)
            let (outcome, _) = await race(servers)
            _ = try address(outcome, plan)
            // Give cancelled servers a moment to notice, in case the answer did not wait for them.
            try? await Task.sleep(for: .milliseconds(200))
            let cancelled = servers.cancelled.value
            let losers = Set(plan.indices).subtracting([fastest(plan)])
            let missed = losers.subtracting(cancelled).sorted().map(String.init)
            try require(
                cancelled == losers,
                """
                with \(describe(plan)), \(cancelled.intersection(losers).count) of the 3 servers \
                still running after the first answer \
                \(cancelled.intersection(losers).count == 1 ? "was" : "were") cancelled\
                \(missed.isEmpty ? "" : " (not server \(missed.joined(separator: ", ")))"); all 3 \
                should be, and only they.
                """)
        }
    },
    QuizCheck(
        "skips servers that fail",
        hint: """
            A server that throws has not answered. Treat its failure as "no answer" (for \
            example try? in the child task) and keep taking results until one is an address.
            """
    ) {
        let plans: [[(seconds: Double, fails: Bool)]] = [
            [(0.05, true), (0.3, false), (0.1, true), (0.6, false)],
            // Server 1 fails first; the others answer.
            [(0.3, false), (0.05, true), (0.6, false), (0.1, true)],
            [(0.05, true), (0.6, false), (0.1, true), (0.3, false)],
        ]
        for plan in plans {
            let (outcome, _) = await race(FakeServers(plan))
            let expected = FakeServers.address(fastest(plan))
            switch outcome {
            case .success(let answer):
                try require(
                    answer == expected,
                    "with \(describe(plan)), the fastest good server answers \(expected), but resolveFirst returned \(answer)"
                )
            case .failure(let error):
                throw CheckFailure(
                    """
                    with \(describe(plan)), resolveFirst threw \(error) instead of waiting for \
                    \(expected), the fastest server that answers
                    """)
            }
        }
    },
    QuizCheck(
        "throws when every server fails",
        hint: "When the group runs out of results without a single address, throw an error of your own."
    ) {
        let servers = FakeServers([(0.1, true), (0.2, true), (0.05, true)])
        let (outcome, elapsed) = await race(servers)
        if case .success(let address) = outcome {
            throw CheckFailure("every server failed, yet resolveFirst returned \"\(address)\"")
        }
        try require(
            elapsed < 1.5, "every server failed within 0.2 s, but resolveFirst took \(seconds(elapsed)) to say so")
    },
]
