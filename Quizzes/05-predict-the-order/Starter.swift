// Write the lines each program prints, in order, one string per line.

/// Program A: a task started from top-level code.
let snippetA: [String] = [
]

/// Program B: an immediate task.
let snippetB: [String] = [
]

/// Program C: cancelled before it starts.
let snippetC: [String] = [
]

/// Program D: an async let nobody awaits.
let snippetD: [String] = [
]

/// Program E: a second call while an actor method waits.
let snippetE: [String] = [
]
