import Foundation
import Glibc
import LessonRunner
import Synchronization

/// Facts about the terminal, and the interrupt handling every command of `lesson` uses: Ctrl-C
/// ends every process the tool started and removes its unfinished cache entries.
package enum Terminal {
    /// True when standard output is a terminal (status lines may be redrawn).
    package static var isInteractive: Bool { isatty(1) == 1 }

    /// Colour only when standard output is a terminal and `NO_COLOR` is not set.
    package static var usesColor: Bool {
        isatty(1) == 1 && (getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true)
    }

    /// The signals that interrupt `lesson`: Ctrl-C, and a polite request to stop.
    private static let interrupts = [SIGINT, SIGTERM]

    /// The write end of the pipe the signal handler writes to (set once, before the handler
    /// is installed).
    nonisolated(unsafe) private static var interruptWriter: Int32 = -1

    /// The cache whose scratch directories to remove, and a task waiting for an interrupt
    /// instead of ending on it (`waitForInterrupt`).
    private static let state = Mutex<(cacheDirectory: String?, waiter: CheckedContinuation<Void, Never>?)>(
        (nil, nil))

    /// Installs the handler of SIGINT and SIGTERM and starts the one thread that acts on
    /// them. Called as the first statement of `main`. The handler only writes the signal's
    /// number to a pipe (whichever thread the kernel picks, even the main thread that the
    /// concurrency runtime parks in `sigsuspend` with nothing blocked); the thread reading
    /// that pipe ends `lesson` with 130 (`stopEverything`), unless a task waits for an
    /// interrupt (`waitForInterrupt`). So an interrupt is never lost nor ignored from here on.
    package static func takeInterrupts() {
        // Held back (blocked) while the handler is set up: one that comes meanwhile waits and
        // is taken by the handler, never by the disposition `lesson` was started with (which
        // may be to ignore it, as for a job a shell started with `&`).
        var taken = sigset_t()
        sigemptyset(&taken)
        for signal in interrupts { sigaddset(&taken, signal) }
        pthread_sigmask(SIG_BLOCK, &taken, nil)
        defer { pthread_sigmask(SIG_UNBLOCK, &taken, nil) }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return }
        let reader = fds[0]
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)
        interruptWriter = fds[1]
        let taker = Thread {
            var byte: UInt8 = 0
            while true {
                let count = read(reader, &byte, 1)
                if count < 0, errno == EINTR { continue }
                if count <= 0 { return }
                if let waiter = state.withLock({ state in
                    defer { state.waiter = nil }
                    return state.waiter
                }) {
                    waiter.resume()
                    continue
                }
                stopEverything(status: 130, message: "\nlesson: interrupted; stopped every process it had started\n")
            }
        }
        taker.stackSize = 1 << 18
        // The taker starts with both blocked (it inherits this thread's mask), so the kernel
        // hands them to another thread, whose handler writes to the pipe; whatever mask
        // `lesson` was started with, they are unblocked on return (`defer` above).
        taker.start()
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signal in
            var byte = UInt8(truncatingIfNeeded: signal)
            _ = write(Terminal.interruptWriter, &byte, 1)
        }
        action.sa_flags = SA_RESTART
        sigemptyset(&action.sa_mask)
        for signal in interrupts { sigaction(signal, &action, nil) }
    }

    /// From now on an interrupt also removes this process's unfinished entries of the cache
    /// in `cacheDirectory`.
    package static func handleInterrupts(cacheDirectory: String) {
        state.withLock { $0.cacheDirectory = cacheDirectory }
    }

    /// Suspends until the next SIGINT or SIGTERM, which then does not end `lesson`.
    package static func waitForInterrupt() async {
        await withCheckedContinuation { continuation in
            state.withLock { $0.waiter = continuation }
        }
    }

    /// Ends every process `lesson` started, removes its unfinished cache entries, prints
    /// `message` and exits.
    package static func stopEverything(status: Int32, message: String?) -> Never {
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
    package static func exit(_ status: Int32) -> Never {
        exitLock.withLock { _ in Glibc.exit(status) }
    }
}
