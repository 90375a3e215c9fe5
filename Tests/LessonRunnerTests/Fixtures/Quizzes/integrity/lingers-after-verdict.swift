// A correct answer to quiz 01 whose process does not end when its requests do: at exit it
// sleeps 3 s more. Its verdicts stand; each check says where its threads were when it was
// stopped after the verdict.
import Glibc

let lingersAtExit: Void = { atexit { sleep(3) } }()

func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    _ = lingersAtExit
    return try await withThrowingTaskGroup(of: (Int, String).self) { group in
        for (index, url) in urls.enumerated() {
            group.addTask { (index, try await fetch(url)) }
        }
        var pages = [String](repeating: "", count: urls.count)
        for try await (index, page) in group {
            pages[index] = page
        }
        return pages
    }
}
