let (orders, counter) = AsyncStream.makeStream(of: Int.self, bufferingPolicy: .bufferingNewest(2))
for order in 1...5 { counter.yield(order) }
counter.finish()
var shown: [Int] = []
for await order in orders { shown.append(order) }
print("shown: \(shown)")
