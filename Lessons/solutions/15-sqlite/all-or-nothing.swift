import MovieSupport

let db = try SQLiteConnection(path: ":memory:")
try db.execute("CREATE TABLE coffee (name TEXT PRIMARY KEY)")
let insert = try db.prepare("INSERT INTO coffee VALUES (?1)")
do {
    try db.transaction {
        for name in ["Matteo", "Zoë", "Matteo"] {
            try insert.bind(name, at: 1)
            try insert.step()
            insert.reset()
        }
    }
} catch {
    print("load failed")
}
let count = try db.prepare("SELECT count(*) FROM coffee")
_ = try count.step()
print("rows kept: \(count.int(0)!)")
