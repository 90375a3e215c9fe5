await Request.$id.withValue("order-42") {
    report("first try")
    Request.$id.withValue((Request.id ?? "") + "-retry") { report("retry") }
    report("after the retry")
}
