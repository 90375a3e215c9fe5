import Glibc

/// The café's order board: main-actor state, like a screen.
@MainActor
final class OrderBoard {
    func show(_ line: String) { print("board: \(line)") }
}

/// Asks the bank to approve the day's takings; it answers after 0.5 s.
func askTheBank() async -> Bool {
    try? await Task.sleep(for: .milliseconds(500))  // waits without holding a thread
    return true
}

let board = OrderBoard()
let latte = Task {  // made in top-level code: on the main actor
    try? await Task.sleep(for: .milliseconds(100))
    board.show("latte ready")
}
let approved = await askTheBank()  // the main actor is free while it waits
print("bank approved: \(approved)")
await latte.value
