import Dispatch
import LessonRunner
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Facts about the terminal and the interrupt handling every long-running command uses.
enum Terminal {
    /// True when standard output is a terminal (status lines may be redrawn).
    static var isInteractive: Bool { isatty(1) == 1 }

    /// Colour only when standard output is a terminal and `NO_COLOR` is not set.
    static var usesColor: Bool {
        isatty(1) == 1 && (getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true)
    }

    /// The installed signal sources and the cache whose scratch directories to remove.
    private static let state = Mutex<(sources: [any DispatchSourceSignal], cacheDirectory: String?)>(([], nil))

    /// On Ctrl-C (or SIGTERM): kill every snippet and compiler process group, remove this
    /// process's unfinished cache entries, and exit 130.
    static func handleInterrupts(cacheDirectory: String) {
        let installed = state.withLock { state in
            state.cacheDirectory = cacheDirectory
            return !state.sources.isEmpty
        }
        guard !installed else { return }
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                stopEverything(status: 130, message: "\nlesson: interrupted; stopped every snippet it had started\n")
            }
            source.resume()
            state.withLock { $0.sources.append(source) }
        }
    }

    /// Ends every process `lesson` started, removes its unfinished cache entries, prints
    /// `message` and exits.
    static func stopEverything(status: Int32, message: String?) -> Never {
        exitLock.withLock { _ in
            ProcessRegistry.shared.killAll()
            if let directory = state.withLock({ $0.cacheDirectory }) {
                BuildCache.removeOwnScratch(in: directory)
            }
            if let message { writeStandardError(message) }
            Glibc.exit(status)
        }
    }

    /// Held while `stopEverything` runs, so the command's own ending (which may come first,
    /// seeing its snippet killed) cannot exit with another status meanwhile.
    private static let exitLock = Mutex(())

    /// Exits with `status`, unless an interrupt is being handled: then that one decides.
    static func exit(_ status: Int32) -> Never {
        exitLock.withLock { _ in Glibc.exit(status) }
    }
}
