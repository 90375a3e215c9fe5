// Quiz 04, the answer's side: a database whose every open, commit, rollback and close goes
// to the judge's instrumented database, and requests whose work the judge describes.

/// The judge's database, as the answer's code sees it: one per request, so the judge can
/// tell the requests' calls apart.
struct AdapterDatabase: Database {
    let request: String

    func open() async throws -> any Connection {
        AdapterConnection(name: try await JudgeLink.shared.call("open", [request]).first ?? "")
    }
}

/// A connection of the judge's database.
struct AdapterConnection: Connection {
    let name: String

    func commit() async throws {
        _ = try await JudgeLink.shared.call("commit", [name])
    }

    func rollback() async throws {
        _ = try await JudgeLink.shared.call("rollback", [name])
    }

    func close() async {
        _ = try? await JudgeLink.shared.call("close", [name])
    }
}

/// Serves one request of the judge (`request ID GETS FAILS TOKEN`): the work asks for the
/// connection from GETS child tasks at once, tells the judge what they got, and throws the
/// judge's error when FAILS is 1.
func quizAdapter(_ kind: String, _ arguments: [String]) async throws -> [String] {
    let values = arguments + Array(repeating: "", count: max(0, 4 - arguments.count))
    let request = values[0]
    let gets = Int(values[1]) ?? 0
    let fails = values[2] == "1"
    let token = values[3]
    return try await handleRequest(database: AdapterDatabase(request: request)) { lazy in
        let names = try await withThrowingTaskGroup(of: String.self) { children in
            for _ in 0..<gets {
                children.addTask { try await lazy.get().name }
            }
            var names: [String] = []
            for try await name in children { names.append(name) }
            return names
        }
        _ = try await JudgeLink.shared.call("work", [request] + names)
        if fails { throw WorldError(kind: "RequestFailed", details: [token]) }
        return names
    }
}
