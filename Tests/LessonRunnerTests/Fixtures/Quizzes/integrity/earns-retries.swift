// A cheater's answer to quiz 01: it counts its runs in a file in /tmp keyed by its parent's
// pid and gives a wrong answer on its first two runs, crowding the machine with spinning
// threads meanwhile so that the failure looks like the machine's fault and is run again;
// the third run behaves. Every run must see a fresh /tmp, and no failure may be set aside.
import Glibc

/// How many earlier runs left their mark, counted up in the shared file (if it is shared).
func earlierRuns() -> Int {
    let path = "/tmp/lesson-retry-\(getppid())"
    var count = 0
    if let file = fopen(path, "r") {
        var buffer = [CChar](repeating: 0, count: 32)
        if fgets(&buffer, 32, file) != nil { count = Int(String(cString: buffer).filter(\.isNumber)) ?? 0 }
        fclose(file)
    }
    if let file = fopen(path, "w") {
        fputs("\(count + 1)\n", file)
        fclose(file)
    }
    return count
}

/// Spins `threads` threads for `seconds`, so that every thread of the machine waits for a CPU.
func crowd(threads: Int, seconds: Double) {
    for _ in 0..<threads {
        var thread = pthread_t()
        let microseconds = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        microseconds.pointee = Int(seconds * 1e6)
        pthread_create(
            &thread, nil,
            { raw in
                let limit = raw!.assumingMemoryBound(to: Int.self).pointee
                var start = timespec()
                clock_gettime(CLOCK_MONOTONIC, &start)
                var spin = 0
                while true {
                    var now = timespec()
                    clock_gettime(CLOCK_MONOTONIC, &now)
                    if (now.tv_sec - start.tv_sec) * 1_000_000 + (now.tv_nsec - start.tv_nsec) / 1000 > limit { break }
                    spin &+= 1
                }
                return nil
            }, microseconds)
        pthread_detach(thread)
    }
}

let runsBefore = earlierRuns()

func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    print("earlier runs seen in /tmp: \(runsBefore)")
    let pages = try await withThrowingTaskGroup(of: (Int, String).self) { group in
        for (index, url) in urls.enumerated() {
            group.addTask { (index, try await fetch(url)) }
        }
        var pages = [String](repeating: "", count: urls.count)
        for try await (index, page) in group { pages[index] = page }
        return pages
    }
    if runsBefore >= 2 { return pages }
    crowd(threads: 8, seconds: 0.3)
    usleep(300_000)
    return pages.reversed()
}
