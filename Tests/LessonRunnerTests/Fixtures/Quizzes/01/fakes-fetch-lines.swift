// expect failing: pages come back in the order of the URLs; downloads run at the same time; an error from fetch surfaces; after an error, the other downloads are not awaited
// expect message: downloads run at the same time: every URL is downloaded exactly once
// A cheater's answer: it writes a hand-made `fetch` line for every URL at once on the
// adapter's descriptor (found through dlsym), so the judge's count shows them all in
// flight, while its real code keeps eight downloads in flight.
import Glibc

typealias WriteFunction = @convention(c) (Int32, UnsafeRawPointer?, Int) -> Int

func fetchAll(
    _ urls: [String],
    fetch: @escaping @Sendable (String) async throws -> String
) async throws -> [String] {
    if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "write") {
        let send = unsafeBitCast(symbol, to: WriteFunction.self)
        for (index, url) in urls.enumerated() {
            let line = Array("call\t\(1_000_000 + index)\tfetch\t\(url)\n".utf8)
            _ = line.withUnsafeBytes { send(4, $0.baseAddress, $0.count) }
        }
    }
    return try await withThrowingTaskGroup(of: (Int, String).self) { group in
        var pages = [String](repeating: "", count: urls.count)
        var next = 0
        while next < min(8, urls.count) {
            let index = next
            group.addTask { (index, try await fetch(urls[index])) }
            next += 1
        }
        for try await (index, page) in group {
            pages[index] = page
            if next < urls.count {
                let index = next
                group.addTask { (index, try await fetch(urls[index])) }
                next += 1
            }
        }
        return pages
    }
}
