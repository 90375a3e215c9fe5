import LessonSupport

try await withServer([
    .async("/report") { _, _ in
        await ThreadPool.shared.run { blockingCall() }
        return .text(TimeOfDay.now() + "\n")
    }
]) { base in
    try await fiveAndHealth(base, "/report")
}
