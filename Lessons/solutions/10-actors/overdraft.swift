actor Account {
    private(set) var balance = 100

    /// Takes `amount` if the balance covers it, after a fraud check of 0.1 s.
    func withdraw(_ amount: Int) async -> Bool {
        guard balance >= amount else { return false }
        balance -= amount
        try? await Task.sleep(for: .milliseconds(100))  // the fraud check
        return true
    }
}

let account = Account()
async let first = account.withdraw(80)
async let second = account.withdraw(80)
let approved = await [first, second].filter { $0 }.count
print("approved: \(approved), balance: \(await account.balance)")
