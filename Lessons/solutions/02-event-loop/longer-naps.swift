struct Nap: Coroutine {
    let name: String
    let milliseconds: Int
    var asleep = false

    mutating func resume() -> Step {
        if asleep {
            print("\(name) wakes up")
            return .finished
        }
        asleep = true
        return .wait(milliseconds: milliseconds)
    }
}

runLoop((1...3).map { Nap(name: "sleeper \($0)", milliseconds: $0 * 200) })
print("everyone is awake")
