await Request.$id.withValue("refund-7") {
    report("refund")
    let id = Request.id
    await Task.detached {
        Request.$id.withValue(id) { report("audit log") }
    }.value
}
