// expect failing: program C: cancelled before it starts
// Thinks the sleep of a cancelled task ends without a CancellationError.
// Write the lines each program prints, in order, one string per line.

/// Program A: the task runs on the main actor, which the top-level code holds until its
/// first suspension, `await task.value`.
let snippetA: [String] = [
    "1 before",
    "3 after creating it",
    "2 in the task",
    "4 after awaiting it",
]

/// Program B: the immediate task runs at once until `Task.yield()`, then waits for the
/// main actor, which the top-level code holds until `await task.value`.
let snippetB: [String] = [
    "1 before",
    "2 at once",
    "4 after creating it",
    "3 after the yield",
    "5 done",
]

/// Program C: the task is cancelled before it first runs, so `Task.sleep` throws at once.
let snippetC: [String] = [
    "cancelling",
    "stopped: false",
    "done",
]

/// Program D: leaving `brew()` cancels the milk and waits for it before returning.
let snippetD: [String] = [
    "espresso poured",
    "milk cancelled",
    "coffee",
    "served",
]

/// Program E: the latte suspends at its await, so the espresso runs on the same actor
/// meanwhile and takes order 2; resumed, the latte waits until the espresso has returned,
/// and then reads the order count the espresso left.
let snippetE: [String] = [
    "1 latte: order 1, milk steaming",
    "3 espresso: order 2",
    "4 espresso: served",
    "2 latte: poured as order 2",
    "5 done",
]
