// Quiz 03, the judge: it names the requests and their ids (drawn at random for every run),
// decides when each read point may go on, and compares every id the answer read with the
// id of the request that read point belongs to.

/// One run of read points: the pauses before each, and what each one read.
final class ReadPoints: Sendable {
    /// Pause before each read point's steps, in seconds.
    let pauses: [String: Double]
    /// Read points whose first pause waits until all of them have started.
    let together: Gathering?
    let togetherTokens: Set<String>
    /// Read points whose read waits until all of them are reading.
    let readTogether: Gathering?
    let readTokens: Set<String>
    let readings = Shared<[String: String?]>([:])
    private let pausesSeen = Shared<[String: Int]>([:])
    /// Read points that reported more than once.
    let twice = Shared<Set<String>>([])

    init(
        _ judging: Judging, _ tokens: [String], startTogether: [String] = [], readTogether: [String] = []
    ) {
        var pauses: [String: Double] = [:]
        for token in tokens { pauses[token] = (judging.double(in: 0.005...0.04) * 1000).rounded() / 1000 }
        self.pauses = pauses
        togetherTokens = Set(startTogether)
        together = startTogether.isEmpty ? nil : Gathering(expected: startTogether.count, patience: 2)
        readTokens = Set(readTogether)
        self.readTogether = readTogether.isEmpty ? nil : Gathering(expected: readTogether.count, patience: 1)
    }

    /// Serves `pause` and `read`.
    func serve(_ call: Call) async throws -> [String] {
        guard let token = call.arguments.first, let delay = pauses[token] else { throw WorldFailure("NoSuchPoint") }
        switch call.operation {
        case "pause":
            let count = pausesSeen.update { seen -> Int in
                seen[token, default: 0] += 1
                return seen[token]!
            }
            if count == 1, togetherTokens.contains(token), let together { await together.arrive() }
            try await pause(delay)
        case "read":
            let seen: String? = call.arguments.count == 3 && call.arguments[1] == "id" ? call.arguments[2] : nil
            let first = readings.update { readings -> Bool in
                defer { readings[token] = seen }
                return readings[token] == nil
            }
            // Each read point reads once: a second report of one point was not made by it.
            if !first { twice.update { _ = $0.insert(token) } }
            if readTokens.contains(token), let readTogether { await readTogether.arrive() }
        default:
            throw WorldFailure("NoSuchOperation")
        }
        return []
    }

    /// What read point `token` read; a failure when it never reported.
    func read(_ token: String, _ place: String) throws -> String? {
        try require(
            !twice.value.contains(token),
            "\(place), the id was read and reported twice at one read point: each read point reads once")
        guard let seen = readings.value[token] else {
            throw CheckFailure(
                "\(place), the id was never read: the operation given to run(id:) did not run to its end")
        }
        return seen
    }
}

/// `nil` as text, or the id in quotes.
func show(_ id: String?) -> String {
    id.map { "\"\($0)\"" } ?? "nil"
}

/// Runs one situation in the answer and waits for it.
func situation(_ judging: Judging, _ points: ReadPoints, _ kind: String, _ arguments: [String]) async throws {
    judging.answer.serve { [points] in try await points.serve($0) }
    let (outcome, _) = try await judging.answer.request(kind, arguments, within: 5, doing: "RequestContext.run")
    if case .returned = outcome { return }
    throw CheckFailure("the request \(outcome.described) instead of running its operation")
}

let quizChecks: [JudgeCheck] = [
    JudgeCheck(
        "a request reads its own id, deep in its code",
        lesson: "Lessons/06-task-locals.md#the-name-on-the-cup",
        hint: "RequestContext.id must return the id that run(id:) was given, from any function the operation calls."
    ) { judging in
        let id = "request-\(judging.token())"
        let token = judging.token()
        let points = ReadPoints(judging, [token])
        try await situation(judging, points, "deep", [id, token])
        let seen = try points.read(token, "inside run(id: \"\(id)\")")
        try require(seen == id, "inside run(id: \"\(id)\") the id read \(show(seen)) three calls deep")
    },
    JudgeCheck(
        "requests at the same time never see each other's id",
        lesson: "Lessons/06-task-locals.md#requests-side-by-side",
        hint: """
            A global variable holds one value for the whole process: the last request to start \
            overwrites it for all the others. The value must belong to the request's task.
            """
    ) { judging in
        let count = judging.int(in: 16...24)
        let ids = judging.tokens(count).map { "request-\($0)" }
        let tokens = judging.tokens(count)
        let points = ReadPoints(judging, tokens, startTogether: tokens)
        judging.answer.serve { [points] in try await points.serve($0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (id, token) in zip(ids, tokens) {
                group.addTask {
                    _ = try await judging.answer.request("deep", [id, token], within: 6, doing: "RequestContext.run")
                }
            }
            try await group.waitForAll()
        }
        var mixups: [String] = []
        for (id, token) in zip(ids, tokens) {
            let seen = try points.read(token, "in request \(id)")
            if seen != id { mixups.append("\(id) read \(show(seen))") }
        }
        try require(
            mixups.isEmpty,
            """
            \(count) requests ran at once and \(mixups.count) of them read another request's id \
            (\(mixups.prefix(2).joined(separator: "; "))\(mixups.count > 2 ? "; …" : ""))
            """)
    },
    JudgeCheck(
        "child tasks of a request see its id",
        lesson: "Lessons/06-task-locals.md#who-inherits-it",
        hint: """
            async let, task group children and Task {} inherit the values that belong to the \
            task that starts them (Task.detached does not).
            """
    ) { judging in
        let id = "request-\(judging.token())"
        let tokens = judging.tokens(3)
        let points = ReadPoints(judging, tokens)
        try await situation(judging, points, "children", [id] + tokens)
        for (token, place) in zip(tokens, ["an async let", "a task group child", "a Task {}"]) {
            let seen = try points.read(token, "in \(place) of run(id: \"\(id)\")")
            try require(seen == id, "inside run(id: \"\(id)\"), code in \(place) read \(show(seen))")
        }
    },
    JudgeCheck(
        "nothing leaks outside a request",
        lesson: "Lessons/06-task-locals.md#a-request-id-middleware",
        hint: """
            The id must be bound only while run's operation runs, and only for the tasks of that \
            request: after run returns or throws, and in code that is not part of a request, it is nil.
            """
    ) { judging in
        let first = "request-\(judging.token())"
        let second = "request-\(judging.token())"
        let tokens = judging.tokens(4)
        let (inside, outside, after, afterThrow) = (tokens[0], tokens[1], tokens[2], tokens[3])
        let points = ReadPoints(judging, tokens, startTogether: [inside, outside], readTogether: [inside, outside])
        try await situation(judging, points, "outside", [first, inside, outside, after, second, afterThrow])
        let seenInside = try points.read(inside, "inside run(id: \"\(first)\")")
        try require(seenInside == first, "inside run(id: \"\(first)\") the id read \(show(seenInside))")
        let during = try points.read(outside, "in code outside any request")
        try require(during == nil, "code outside any request read \(show(during)) while \(first) ran")
        let seenAfter = try points.read(after, "after run returned")
        try require(seenAfter == nil, "after run(id: \"\(first)\") returned, the id read \(show(seenAfter))")
        let seenAfterThrow = try points.read(afterThrow, "after run threw")
        try require(
            seenAfterThrow == nil, "after run(id: \"\(second)\") threw, the id read \(show(seenAfterThrow))")
    },
    JudgeCheck(
        "a request inside another sees its own id, then the outer one again",
        lesson: "Lessons/06-task-locals.md#the-name-on-the-cup",
        hint: "An inner binding hides the outer one only until the inner run ends; then the outer id is back."
    ) { judging in
        let outer = "outer-\(judging.token())"
        let inner = "inner-\(judging.token())"
        let tokens = judging.tokens(3)
        let points = ReadPoints(judging, tokens)
        try await situation(judging, points, "nested", [outer, inner] + tokens)
        let before = try points.read(tokens[0], "in the outer request")
        try require(before == outer, "inside run(id: \"\(outer)\") the id read \(show(before))")
        let seenInner = try points.read(tokens[1], "in the inner request")
        try require(
            seenInner == inner,
            "inside run(id: \"\(inner)\") within run(id: \"\(outer)\"), the id read \(show(seenInner))")
        let back = try points.read(tokens[2], "back in the outer request")
        try require(back == outer, "back in the outer request after the inner one, the id read \(show(back))")
    },
]
