/// Reads every source with `read` and returns the sum of their numbers.
func total(of sources: [String], read: @escaping @Sendable (String) async -> Int) async -> Int {
    var sum = 0
    for source in sources {
        sum += await read(source)
    }
    return sum
}
