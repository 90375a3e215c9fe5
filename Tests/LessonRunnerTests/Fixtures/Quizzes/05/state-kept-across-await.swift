// expect failing: program E: a second call while an actor method waits
// expect message: program E: a second call while an actor method waits: program E never prints "2 latte: poured as order 1"
// Knows the espresso runs while the latte waits, but thinks the latte still sees the order
// count it saw before its await.

let snippetA = ["1 before", "3 after creating it", "2 in the task", "4 after awaiting it"]

let snippetB = ["1 before", "2 at once", "4 after creating it", "3 after the yield", "5 done"]

let snippetC = ["cancelling", "stopped: true", "done"]

let snippetD = ["espresso poured", "milk cancelled", "coffee", "served"]

let snippetE = [
    "1 latte: order 1, milk steaming", "3 espresso: order 2", "4 espresso: served", "2 latte: poured as order 1",
    "5 done",
]
