// An answer to quiz 01 that starts threads until the system refuses one, parks them all,
// then answers correctly. A graded answer has a ceiling on its threads, and reaching it is
// a verdict of its own.
import Glibc

func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    pthread_attr_setstacksize(&attributes, 16384)
    var started = 0
    while started < 100_000 {
        var thread = pthread_t()
        guard
            pthread_create(
                &thread, &attributes,
                { _ in
                    sleep(30)
                    return nil
                }, nil) == 0
        else { break }
        started += 1
    }
    print("threads started: \(started)")
    return try await withThrowingTaskGroup(of: (Int, String).self) { group in
        for (index, url) in urls.enumerated() {
            group.addTask { (index, try await fetch(url)) }
        }
        var pages = [String](repeating: "", count: urls.count)
        for try await (index, page) in group { pages[index] = page }
        return pages
    }
}
