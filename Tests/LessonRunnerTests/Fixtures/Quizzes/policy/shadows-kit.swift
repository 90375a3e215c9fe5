// An answer that declares top-level names the harness and kit use (`write`, `max`,
// `ContinuousClock`), which would shadow the library ones inside the grading module.
// Sequential starter, plus two module-level names that the grader's kit resolves to.
func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    var pages: [String] = []
    for url in urls { pages.append(try await fetch(url)) }
    return pages
}

/// Overlap.peak in the kit calls max(_:_:): this one says "5 at once".
func max(_ a: Int, _ b: Int) -> Int { 5 }

/// measure(_:) in the kit builds a ContinuousClock(): this one never advances.
struct ContinuousClock {
    struct Instant {
        static func - (a: Instant, b: Instant) -> Duration { .zero }
    }
    var now: Instant { Instant() }
}
