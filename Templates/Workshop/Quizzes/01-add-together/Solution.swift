/// Reads every source with `read`, all at once, and returns the sum of their numbers.
func total(of sources: [String], read: @escaping @Sendable (String) async -> Int) async -> Int {
    await withTaskGroup(of: Int.self) { group in
        for source in sources {
            group.addTask { await read(source) }
        }
        var sum = 0
        for await number in group { sum += number }
        return sum
    }
}
