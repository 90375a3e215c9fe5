print("HERE")
let task = Task.immediate {
    try? await Task.sleep(for: .milliseconds(200))
    return await theAnswer()
}
print("THERE")
print(await task.value)
