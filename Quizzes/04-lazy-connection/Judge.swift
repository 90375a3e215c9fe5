// Quiz 04, the judge: an instrumented database that names every connection at random for
// each run and records every call made on it, in order; the checks judge that record.

/// What the judge saw happen, in order.
struct Event: Sendable {
    var operation: String
    var connection: String
    var request: String
    var time: Double
}

/// The database of one check: every open, commit, rollback, close and request's work.
final class Database: Sendable {
    let commitFails: Bool
    let openings: Gathering?
    let workings: Gathering?
    let commitments: Gathering?
    let closings: Gathering?
    let work: Double
    let events = Shared<[Event]>([])
    let owner = Shared<[String: String]>([:])
    let seen = Shared<[String: [String]]>([:])
    let opens = Overlap()
    let works = Overlap()
    let commits = Overlap()
    let closes = Overlap()
    /// When each request's reply arrived, by request id.
    let ended = Shared<[String: Double]>([:])
    private let names: Shared<[String]>
    private let errorToken: String

    init(_ judging: Judging, requests: Int, commitFails: Bool = false, together: Bool = false, work: Double = 0) {
        self.commitFails = commitFails
        self.work = work
        names = Shared(judging.tokens(requests * 4).map { "connection-\($0)" })
        errorToken = judging.token()
        openings = together ? Gathering(expected: requests) : nil
        workings = together ? Gathering(expected: requests) : nil
        commitments = together ? Gathering(expected: requests) : nil
        closings = together ? Gathering(expected: requests) : nil
    }

    /// Serves one call.
    func serve(_ call: Call) async throws -> [String] {
        let argument = call.arguments.first ?? ""
        switch call.operation {
        case "open":
            record("open", connection: "", request: argument)
            opens.enter()
            defer { opens.leave() }
            if let openings { await openings.arrive() }
            try await pause(0.05)
            let name = names.update { $0.isEmpty ? "connection-spare" : $0.removeLast() }
            owner.update { $0[name] = argument }
            record("opened", connection: name, request: argument)
            return [name]
        case "commit", "rollback", "close":
            guard let request = owner.value[argument] else {
                throw WorldFailure("NoSuchConnection", [argument])
            }
            record(call.operation, connection: argument, request: request, at: call.time)
            if call.operation == "close" {
                closes.enter()
                defer { closes.leave() }
                if let closings { await closings.arrive() }
                try? await pause(0.01)
            } else if call.operation == "commit" {
                commits.enter()
                defer { commits.leave() }
                if let commitments { await commitments.arrive() }
                try? await pause(0.02)
                if commitFails { throw WorldFailure("DatabaseGone", [errorToken]) }
            } else {
                try? await pause(0.02)
            }
            return []
        case "work":
            seen.update { $0[argument] = Array(call.arguments.dropFirst()) }
            works.enter()
            defer { works.leave() }
            if let workings { await workings.arrive() }
            try? await pause(work)
            return []
        default:
            throw WorldFailure("NoSuchOperation")
        }
    }

    private func record(_ operation: String, connection: String, request: String, at time: Double? = nil) {
        events.update {
            $0.append(Event(operation: operation, connection: connection, request: request, time: time ?? now()))
        }
    }

    /// The connections opened, in order, with the request that opened each.
    var opened: [(name: String, request: String)] {
        events.value.filter { $0.operation == "opened" }.map { ($0.connection, $0.request) }
    }

    /// What happened to `name` after it was opened, in order.
    func history(_ name: String) -> [String] {
        events.value.filter { $0.connection == name && $0.operation != "opened" }.map(\.operation)
    }

    /// `count` requests at once, each asking for the connection from `gets` child tasks; the
    /// outcome of each, by request id.
    func run(_ judging: Judging, count: Int, gets: Int, fails: Bool = false) async throws -> [String: Outcome] {
        judging.answer.serve { [self] in try await serve($0) }
        let ids = judging.tokens(count).map { "request-\($0)" }
        return try await withThrowingTaskGroup(of: (String, Outcome).self) { group in
            for id in ids {
                group.addTask {
                    let (outcome, _, arrived) = try await judging.answer.timedRequest(
                        "request", [id, String(gets), fails ? "1" : "0", self.errorToken], within: 6,
                        doing: "handleRequest")
                    self.ended.update { $0[id] = arrived }
                    return (id, outcome)
                }
            }
            var outcomes: [String: Outcome] = [:]
            for try await (id, outcome) in group { outcomes[id] = outcome }
            // A close started in a task nobody awaits arrives after its request returned:
            // give it a moment, so the check can say so rather than call it a leak.
            let start = now()
            while now() - start < 0.3, opened.contains(where: { !history($0.name).contains("close") }) {
                try await pause(0.01)
            }
            return outcomes
        }
    }

    /// The first thing wrong with how `name` was closed, as a failure with the hint for that
    /// cause (never closed, closed twice, closed before its commit or rollback, closed only
    /// after its request returned); nil when it was closed once, last, before its request
    /// returned.
    func closingFault(_ name: String) -> CheckFailure? {
        let mine = events.value.filter { $0.connection == name && $0.operation != "opened" }
        let history = mine.map(\.operation)
        let saw = history.isEmpty ? "nothing" : history.joined(separator: ", ")
        let request = owner.value[name] ?? ""
        let closes = mine.filter { $0.operation == "close" }
        let siblings = opened.filter { $0.request == request }.count
        if closes.isEmpty && siblings > 1 {
            return CheckFailure(
                """
                one request opened \(siblings) connections and kept only one of them: \(name) was never \
                closed, it leaked (\(opened.count) connections were opened in all)
                """,
                hint: """
                    The leaked connection was opened by a second caller of get() while the first was \
                    still waiting for open(). Make the opening in progress something later callers \
                    find and wait for, so a request opens one connection.
                    """)
        }
        if closes.isEmpty {
            return CheckFailure(
                "\(name) was never closed: it leaked (its connection saw \(saw))",
                hint: """
                    Finishing a request closes its connection on every path: after a commit, after \
                    a rollback, and when either of them throws.
                    """)
        }
        if closes.count > 1 {
            return CheckFailure(
                "\(name) was closed \(closes.count) times (its connection saw \(saw)); a connection is closed exactly once",
                hint: """
                    Follow each path through the end of the request: one of them closes the connection \
                    and then reaches another close.
                    """)
        }
        if let close = history.firstIndex(of: "close"), let late = history[close...].first(where: { $0 != "close" }) {
            let verb = late == "rollback" ? "roll back" : late
            return CheckFailure(
                "\(name) was closed before its \(late) (its connection saw \(saw)): a closed connection can no longer \(verb)",
                hint: "Commit or roll back first, then close: the close is the last thing that happens to a connection."
            )
        }
        if let end = ended.value[request], closes[0].time > end {
            return CheckFailure(
                """
                \(name) was closed \(seconds(closes[0].time - end)) after its request had returned: the close \
                runs in a task nobody waits for (a Task started in defer, say). Such a close arrives \
                sometimes before and sometimes after anyone looks, so this result varies from grade to \
                grade; the request should return only once its connection is closed
                """,
                hint: """
                    A Task started in defer is not awaited: the request returns first, and the close \
                    happens whenever that task gets to run. Await the close on every path before the \
                    request returns.
                    """)
        }
        return nil
    }

    /// Fails unless every connection was closed exactly once, last, before its request
    /// returned; the failure names the cause it saw.
    func requireClosedOnce() throws {
        for (name, _) in opened {
            if let fault = closingFault(name) { throw fault }
        }
    }
}

/// A request's outcome in words, for requests that should have succeeded.
func requireSucceeded(_ outcomes: [String: Outcome]) throws {
    for outcome in outcomes.values {
        guard case .returned = outcome else {
            throw CheckFailure(
                "a request whose work succeeded \(outcome.described); it should return the work's result")
        }
    }
}

let quizChecks: [JudgeCheck] = [
    JudgeCheck(
        "one connection per request",
        lesson: "Lessons/10-actors.md#the-fix-remember-the-work-not-the-result",
        hint: """
            An actor runs one call at a time only until that call suspends. While the first \
            get() waits for open(), the next get() comes in, finds no connection yet and opens \
            another. Make the opening in progress something the later callers can find and wait for.
            """
    ) { judging in
        let count = judging.int(in: 5...8)
        let gets = judging.int(in: 2...4)
        let database = Database(judging, requests: count)
        let outcomes = try await database.run(judging, count: count, gets: gets)
        try requireSucceeded(outcomes)
        let opened = database.opened
        for id in outcomes.keys {
            let own = opened.filter { $0.request == id }.map(\.name)
            let got = database.seen.value[id] ?? []
            try require(
                own.count == 1,
                "\(count) requests, each asking for the connection from \(gets) child tasks at once, opened \(opened.count) connections; one per request is right"
            )
            try require(
                got.count == gets && got.allSatisfy { $0 == own[0] },
                "within one request, the \(gets) child tasks were handed \(Set(got).count == 1 ? "a connection the database never opened for it" : "different connections (\(Set(got).sorted().joined(separator: ", ")))")"
            )
        }
    },
    JudgeCheck(
        "every connection is closed",
        lesson: "Lessons/10-actors.md#between-two-awaits-anything-can-happen",
        hint: """
            A connection that nothing refers to any more can never be closed: it leaks. Make \
            sure a request opens only the connection it keeps, and that finishing the request \
            closes it once.
            """
    ) { judging in
        let count = judging.int(in: 5...8)
        let database = Database(judging, requests: count)
        _ = try await database.run(judging, count: count, gets: judging.int(in: 2...4))
        try database.requireClosedOnce()
    },
    JudgeCheck(
        "commits a successful request, and nothing else",
        lesson: "Lessons/08-streams.md#stopping-long-running-work",
        hint: """
            Commit or roll back, never both: after a commit, the rollback must not run. Only a \
            failed request rolls back.
            """
    ) { judging in
        let count = judging.int(in: 3...6)
        let database = Database(judging, requests: count)
        try requireSucceeded(try await database.run(judging, count: count, gets: 1))
        for (name, _) in database.opened {
            let history = database.history(name)
            try require(
                history.filter({ $0 != "close" }) == ["commit"],
                """
                the request on \(name) succeeded, and its connection saw \
                \(history.joined(separator: ", ")); it should see one commit, then the close
                """)
        }
        try database.requireClosedOnce()
    },
    JudgeCheck(
        "rolls back a failed request",
        lesson: "Lessons/08-streams.md#stopping-long-running-work",
        hint: "When the work throws, roll back (no commit), then close, and throw the work's own error."
    ) { judging in
        let count = judging.int(in: 3...5)
        let database = Database(judging, requests: count)
        let outcomes = try await database.run(judging, count: count, gets: 1, fails: true)
        for outcome in outcomes.values {
            guard case .worldError("RequestFailed", _) = outcome else {
                throw CheckFailure(
                    "a request whose work threw RequestFailed \(outcome.described); it should throw the work's own error"
                )
            }
        }
        for (name, _) in database.opened {
            let history = database.history(name)
            if history.contains("rollback"), let fault = database.closingFault(name) { throw fault }
            try require(
                history == ["rollback", "close"],
                """
                the request on \(name) failed, and its connection saw \(history.joined(separator: ", ")); \
                it should see one rollback, then one close
                """)
        }
    },
    JudgeCheck(
        "closes the connection even when commit fails",
        lesson: "Lessons/08-streams.md#stopping-long-running-work",
        hint: """
            `defer` cannot `await`, so it cannot close an actor's connection. When commit() \
            throws, the connection must still be closed, once, before the error leaves.
            """
    ) { judging in
        let count = judging.int(in: 2...4)
        let database = Database(judging, requests: count, commitFails: true)
        let outcomes = try await database.run(judging, count: count, gets: 1)
        for outcome in outcomes.values {
            guard case .worldError("DatabaseGone", _) = outcome else {
                throw CheckFailure(
                    "commit() threw DatabaseGone, but the request \(outcome.described); that error should surface")
            }
        }
        for (name, _) in database.opened {
            if let fault = database.closingFault(name) {
                throw CheckFailure("commit() threw, and then " + fault.description, hint: fault.hint)
            }
        }
    },
    JudgeCheck(
        "requests still run at the same time",
        lesson: "Lessons/10-actors.md#the-fix-remember-the-work-not-the-result",
        hint: """
            Fix the race inside one request, not across requests: anything shared by every \
            request (a global actor, a static lock, a limit on requests in flight), even one \
            held only around open(), around the end of the request or around close(), makes \
            them wait for each other.
            """
    ) { judging in
        let count = judging.int(in: 5...8)
        let database = Database(judging, requests: count, together: true, work: 0.05)
        try requireSucceeded(try await database.run(judging, count: count, gets: 2))
        for (what, overlap) in [
            ("opened a connection", database.opens), ("worked", database.works), ("committed", database.commits),
            ("closed their connection", database.closes),
        ] where overlap !== database.closes || overlap.peak > 0 {
            // (An answer that never closes is told so by the checks of closing.)
            try require(
                overlap.peak >= count,
                """
                \(count) independent requests: at most \(overlap.peak) \(what) at the same time. \
                They share nothing, so all \(count) should do it together
                """)
        }
    },
    JudgeCheck(
        "a request that never asks opens no connection",
        lesson: "Lessons/10-actors.md#between-two-awaits-anything-can-happen",
        hint: """
            Lazy means opened on first use: open the connection the first time get() is called, \
            not up front. A request that never calls get() has nothing to commit, roll back or close.
            """
    ) { judging in
        let count = judging.int(in: 2...4)
        let database = Database(judging, requests: count)
        try requireSucceeded(try await database.run(judging, count: count, gets: 0))
        let opened = database.opened.count
        try require(
            opened == 0,
            "\(count) requests that never asked for the connection opened \(opened) connection\(opened == 1 ? "" : "s"); they should open none"
        )
        // The same when the request fails: there is nothing to roll back.
        let failing = Database(judging, requests: count)
        _ = try await failing.run(judging, count: count, gets: 0, fails: true)
        let rolled = failing.opened.count
        try require(
            rolled == 0,
            """
            \(count) requests that never asked for the connection and then failed opened \(rolled) \
            connection\(rolled == 1 ? "" : "s") only to roll \(rolled == 1 ? "it" : "them") back; a request \
            that never asked opens none, also when it fails
            """)
    },
]
