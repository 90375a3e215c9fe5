/// The blocking call, kept off the caller's actor as in `task-executor`.
@concurrent
func lookUpRecord() async {
    blockingWork()
}

let pool = ThreadPoolExecutor(threads: 3)

await serveFive {
    await withTaskExecutorPreference(pool) {
        await lookUpRecord()
    }
    markServed()
}
