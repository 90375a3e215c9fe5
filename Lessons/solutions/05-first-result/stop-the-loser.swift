let mirrors = [("lisbon", 300), ("oslo", 700)]
let winner = try await withThrowingTaskGroup(of: String.self) { group in
    for (mirror, ms) in mirrors {
        group.addTask { try await fetch(from: mirror, ms: ms) }
    }
    let first = try await group.next()
    group.cancelAll()
    return first
}
print("winner: \(winner ?? "nobody")")
