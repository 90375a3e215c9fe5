// Quiz 03, the answer's side: the judge names requests, ids and read points; each read
// point reports what `RequestContext.id` says there, after pauses the judge chooses.

/// What the adapter's failing request throws.
struct AdapterRequestBroke: Error {}

/// Reads the id three calls deep, after two pauses, and reports it to the judge as `token`.
func adapterRead(_ token: String) async {
    await adapterLevelOne(token)
}

/// One call down, after a pause.
func adapterLevelOne(_ token: String) async {
    _ = try? await JudgeLink.shared.call("pause", [token])
    await adapterLevelTwo(token)
}

/// Two calls down: a pause, then the read.
func adapterLevelTwo(_ token: String) async {
    _ = try? await JudgeLink.shared.call("pause", [token])
    let seen = RequestContext.id
    _ = try? await JudgeLink.shared.call("read", [token] + (seen.map { ["id", $0] } ?? ["nil"]))
}

/// Serves one request of the judge by running one situation with the answer's context.
func quizAdapter(_ kind: String, _ arguments: [String]) async throws -> [String] {
    let values = arguments + Array(repeating: "", count: max(0, 6 - arguments.count))
    switch kind {
    case "deep":
        await RequestContext.run(id: values[0]) { await adapterRead(values[1]) }
    case "children":
        await RequestContext.run(id: values[0]) { () async -> Void in
            async let first: Void = adapterRead(values[1])
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await adapterRead(values[2]) }
            }
            await Task { await adapterRead(values[3]) }.value
            await first
        }
    case "outside":
        async let outside: Void = adapterRead(values[2])
        await RequestContext.run(id: values[0]) { await adapterRead(values[1]) }
        await outside
        await adapterRead(values[3])
        do {
            try await RequestContext.run(id: values[4]) { () async throws -> Void in throw AdapterRequestBroke() }
        } catch {}
        await adapterRead(values[5])
    case "nested":
        await RequestContext.run(id: values[0]) { () async -> Void in
            await adapterRead(values[2])
            await RequestContext.run(id: values[1]) { await adapterRead(values[3]) }
            await adapterRead(values[4])
        }
    default:
        break
    }
    return []
}
