let pages = (1...6).map { "page \($0)" }
var waiting = pages[...]
try await withThrowingTaskGroup(of: String.self) { group in
    for _ in 0..<3 {
        if let page = waiting.popFirst() {
            group.addTask { try await download(page, ms: 300) }
        }
    }
    while let page = try await group.next() {
        print("got \(page)")
        if let next = waiting.popFirst() {
            group.addTask { try await download(next, ms: 300) }
        }
    }
}
