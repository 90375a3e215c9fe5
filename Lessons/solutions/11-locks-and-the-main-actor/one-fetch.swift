import Synchronization

/// Head office's price list: 0.3 s a question, and it counts them.
final class HeadOffice: Sendable {
    private let asked = Mutex(0)

    var questions: Int { asked.withLock { $0 } }

    func price(of drink: String) async -> Int {
        asked.withLock { $0 += 1 }
        try? await Task.sleep(for: .milliseconds(300))
        return drink.count * 50
    }
}

/// Remembers prices, and the questions still on their way; any thread may ask.
final class PriceCache: Sendable {
    let office: HeadOffice
    private let prices = Mutex<[String: Task<Int, Never>]>([:])

    init(office: HeadOffice) { self.office = office }

    func price(of drink: String) async -> Int {
        let office = office
        let task = prices.withLock { prices in
            if let known = prices[drink] {
                return known
            }
            let fresh = Task { await office.price(of: drink) }
            prices[drink] = fresh  // stored before the lock is let go
            return fresh
        }
        return await task.value
    }
}

let office = HeadOffice()
let cache = PriceCache(office: office)
let seen = await withTaskGroup(of: Int.self) { group in
    for _ in 1...5 {
        group.addTask { await cache.price(of: "latte") }
    }
    var prices = Set<Int>()
    for await price in group { prices.insert(price) }
    return prices
}
print("prices seen: \(seen.sorted())")
print("questions to head office: \(office.questions)")
