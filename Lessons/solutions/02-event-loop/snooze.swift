struct Alarm: Coroutine {
    var step = 0

    mutating func resume() -> Step {
        step += 1
        if step == 1 {
            print("alarm rings")
            return .wait(milliseconds: 200)
        }
        if step == 2 {
            print("snooze")
            return .wait(milliseconds: 200)
        }
        print("gets up")
        return .finished
    }
}

runLoop([Alarm()])
