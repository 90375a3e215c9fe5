// Hidden checks for quiz 03: many requests at once, each reading its id deep in its call
// tree and in the child tasks it starts.

/// What the checks' failing request throws.
struct RequestBroke: Error {}

/// The id as seen three calls deep, after a pause in each.
func readDeep(pause: Int) async -> String? {
    await levelOne(pause)
}

func levelOne(_ pause: Int) async -> String? {
    try? await Task.sleep(for: .milliseconds(pause))
    return await levelTwo(pause)
}

func levelTwo(_ pause: Int) async -> String? {
    try? await Task.sleep(for: .milliseconds(pause))
    return RequestContext.id
}

/// `nil` as text, or the id in quotes.
func show(_ id: String?) -> String {
    id.map { "\"\($0)\"" } ?? "nil"
}

let quizChecks: [QuizCheck] = [
    QuizCheck(
        "a request reads its own id, deep in its code",
        hint: "RequestContext.id must return the id that run(id:) was given, from any function the operation calls."
    ) {
        let seen = await RequestContext.run(id: "request-1") { await readDeep(pause: 10) }
        try require(seen == "request-1", "inside run(id: \"request-1\") the id read \(show(seen)) three calls deep")
    },
    QuizCheck(
        "requests at the same time never see each other's id",
        hint: """
            A global variable holds one value for the whole process: the last request to start \
            overwrites it for all the others. Use a value that belongs to the task: @TaskLocal.
            """
    ) {
        let mixups = await withTaskGroup(of: String?.self) { group in
            for number in 1...20 {
                group.addTask {
                    let id = "request-\(number)"
                    // Pauses from 40 to 135 ms in a shuffled order, so requests start, read and
                    // end interleaved.
                    let pause = 40 + 5 * (7 * number % 20)
                    let seen = await RequestContext.run(id: id) { await readDeep(pause: pause) }
                    return seen == id ? nil : "\(id) read \(show(seen))"
                }
            }
            var mixups: [String] = []
            for await case let mixup? in group { mixups.append(mixup) }
            return mixups.sorted()
        }
        try require(
            mixups.isEmpty,
            """
            20 requests ran at once and \(mixups.count) of them read another request's id \
            (\(mixups.prefix(3).joined(separator: "; "))\(mixups.count > 3 ? "; …" : "")).
            """)
    },
    QuizCheck(
        "child tasks of a request see its id",
        hint: """
            async let, task group children and Task {} inherit the task-local values of the \
            task that starts them (Task.detached does not).
            """
    ) {
        let seen = await RequestContext.run(id: "request-7") { () async -> [String: String?] in
            async let fromAsyncLet = readDeep(pause: 10)
            let fromGroup = await withTaskGroup(of: String?.self) { group in
                group.addTask { await readDeep(pause: 10) }
                return await group.next() ?? nil
            }
            let fromTask = await Task { await readDeep(pause: 10) }.value
            return ["async let": await fromAsyncLet, "a task group child": fromGroup, "Task {}": fromTask]
        }
        for (place, id) in seen.sorted(by: { $0.key < $1.key }) {
            try require(id == "request-7", "inside run(id: \"request-7\"), code in \(place) read \(show(id))")
        }
    },
    QuizCheck(
        "nothing leaks outside a request",
        hint: """
            The id must be bound only while run's operation runs, and only for the tasks of that \
            request: after run returns or throws, and in code that is not part of a request, it is nil.
            """
    ) {
        // Code outside any request, reading while a request runs.
        async let outside: String? = {
            try? await Task.sleep(for: .milliseconds(100))
            return RequestContext.id
        }()
        _ = await RequestContext.run(id: "request-1") { await readDeep(pause: 100) }
        let during = await outside
        try require(during == nil, "code outside any request read \(show(during)) while request-1 ran")
        let after = RequestContext.id
        try require(after == nil, "after run(id: \"request-1\") returned, the id read \(show(after))")
        do {
            try await RequestContext.run(id: "request-2") { () async throws -> Void in throw RequestBroke() }
        } catch {}
        let afterThrow = RequestContext.id
        try require(afterThrow == nil, "after run(id: \"request-2\") threw, the id read \(show(afterThrow))")
    },
    QuizCheck(
        "a request inside another sees its own id, then the outer one again",
        hint:
            "Inner bindings hide outer ones only until the inner run ends; withValue restores the outer value for you."
    ) {
        let (inner, outer) = await RequestContext.run(id: "outer") { () async -> (String?, String?) in
            let inner = await RequestContext.run(id: "inner") { await readDeep(pause: 10) }
            return (inner, await readDeep(pause: 10))
        }
        try require(inner == "inner", "inside run(id: \"inner\") within run(id: \"outer\"), the id read \(show(inner))")
        try require(outer == "outer", "back in the outer request after the inner one, the id read \(show(outer))")
    },
]
