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

let quizChecks: [QuizCheck] = [
    QuizCheck(
        "returns the fastest server's address",
        hint: "Ask all servers at once (a task group), and take the first result that comes out of it."
    ) {
        let servers = FakeServers([(0.6, false), (0.1, false), (0.35, false)])
        let (outcome, _) = await race(servers)
        let address = try outcome.get()
        try require(
            address == FakeServers.address(1),
            "servers answering after 0.6 s, 0.1 s and 0.35 s gave \(address); the fastest answers \(FakeServers.address(1))"
        )
    },
    QuizCheck(
        "does not wait for the slow servers",
        hint: """
            A task group does not end until all its children have ended. Returning from it \
            with children still running makes it wait for them, unless you cancel them first.
            """
    ) {
        let servers = FakeServers([(2, false), (0.1, false), (2, false)])
        let (outcome, elapsed) = await race(servers)
        _ = try outcome.get()
        try require(
            elapsed < 1,
            """
            the fastest server answered after 0.1 s, but resolveFirst returned after \
            \(seconds(elapsed)): it waited for the slow servers.
            """)
    },
    QuizCheck(
        "cancels the servers still running",
        hint: "Once you have an address, call group.cancelAll(): the other servers see the cancellation and stop."
    ) {
        let servers = FakeServers([(1, false), (0.1, false), (1, false), (1, false)])
        let (outcome, _) = await race(servers)
        _ = try outcome.get()
        // Give cancelled servers a moment to notice, in case the answer did not wait for them.
        try? await Task.sleep(for: .milliseconds(200))
        let cancelled = servers.cancelled.value
        try require(
            cancelled == [0, 2, 3],
            """
            after the first answer, \(cancelled.count) of the 3 servers still running \
            \(cancelled.count == 1 ? "was" : "were") cancelled; all 3 should be.
            """)
    },
    QuizCheck(
        "skips servers that fail",
        hint: """
            A server that throws has not answered. Treat its failure as "no answer" (for \
            example try? in the child task) and keep taking results until one is an address.
            """
    ) {
        let servers = FakeServers([(0.05, true), (0.3, false), (0.1, true), (0.6, false)])
        let (outcome, _) = await race(servers)
        switch outcome {
        case .success(let address):
            try require(
                address == FakeServers.address(1),
                "two servers failed and the fastest good one answers \(FakeServers.address(1)), but resolveFirst returned \(address)"
            )
        case .failure(let error):
            throw CheckFailure(
                "the fastest server failed, and resolveFirst threw \(error) instead of waiting for a server that answers"
            )
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
