// expect failing: program E: a second call while an actor method waits
// expect message: program E: a second call while an actor method waits: line 3 of your prediction for program E is "2 latte: poured as order 2"
// Thinks resuming a continuation runs the waiting actor method there and then, in the
// middle of the call that resumed it.

let snippetA = ["1 before", "3 after creating it", "2 in the task", "4 after awaiting it"]

let snippetB = ["1 before", "2 at once", "4 after creating it", "3 after the yield", "5 done"]

let snippetC = ["cancelling", "stopped: true", "done"]

let snippetD = ["espresso poured", "milk cancelled", "coffee", "served"]

let snippetE = [
    "1 latte: order 1, milk steaming", "3 espresso: order 2", "2 latte: poured as order 2", "4 espresso: served",
    "5 done",
]
