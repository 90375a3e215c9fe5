// expect failing: program A: a task started from top-level code
// Thinks a Task starts running as soon as it is created.

let snippetA = ["1 before", "2 in the task", "3 after creating it", "4 after awaiting it"]

let snippetB = ["1 before", "2 at once", "4 after creating it", "3 after the yield", "5 done"]

let snippetC = ["cancelling", "stopped: true", "done"]

let snippetD = ["espresso poured", "milk cancelled", "coffee", "served"]

let snippetE = [
    "1 latte: order 1, milk steaming", "3 espresso: order 2", "4 espresso: served", "2 latte: poured as order 2",
    "5 done",
]
