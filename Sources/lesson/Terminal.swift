import Dispatch
import LessonRunner

#if canImport(Glibc)
    import Glibc
#endif

/// Facts about the terminal and the interrupt handling every long-running command uses.
enum Terminal {
    /// Colour only when standard output is a terminal and `NO_COLOR` is not set.
    static var usesColor: Bool {
        isatty(1) == 1 && (getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true)
    }

    private nonisolated(unsafe) static var sources: [any DispatchSourceSignal] = []

    /// On Ctrl-C (or SIGTERM): kill every snippet and compiler process group, remove this
    /// process's unfinished cache entries, and exit 130.
    static func handleInterrupts(cacheDirectory: String) {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                ProcessRegistry.shared.killAll()
                BuildCache.removeOwnScratch(in: cacheDirectory)
                writeStandardError("\nlesson: interrupted; stopped every snippet it had started\n")
                exit(130)
            }
            source.resume()
            sources.append(source)
        }
    }
}
