import MovieSupport

await RequestContext.$current.withValue(RequestInfo(id: "refund-7")) {
    let work = RequestContext.carrying { RequestContext.id }
    let seen = await withCheckedContinuation { continuation in
        OwnThread.start(name: "audit") { continuation.resume(returning: (try? work()) ?? "?") }
    }
    print("the audit thread saw: \(seen)")
}
