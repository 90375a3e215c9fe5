print("HERE")
let task = Task { await theAnswer() }
await Task.yield()
print("THERE")
print(await task.value)
