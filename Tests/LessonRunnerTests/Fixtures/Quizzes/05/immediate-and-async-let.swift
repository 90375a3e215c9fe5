// expect failing: program B: an immediate task; program D: an async let nobody awaits
// Thinks an immediate task runs to the end at once, and that an async let nobody awaits
// finishes after the function has returned.

let snippetA = ["1 before", "3 after creating it", "2 in the task", "4 after awaiting it"]

let snippetB = ["1 before", "2 at once", "3 after the yield", "4 after creating it", "5 done"]

let snippetC = ["cancelling", "stopped: true", "done"]

let snippetD = ["espresso poured", "coffee", "served", "milk cancelled"]

let snippetE = [
    "1 latte: order 1, milk steaming", "3 espresso: order 2", "4 espresso: served", "2 latte: poured as order 2",
    "5 done",
]
