import Glibc
import LessonCore
import LessonRunner
import Synchronization

/// A long command's progress on a terminal: one status line, redrawn in place, with
/// done/total, what runs now and the time left (`ProgressText`). When the descriptor is not a
/// terminal it writes nothing of its own, and `print` passes text through unchanged, so piped
/// output stays plain lines.
package final class StatusLine: Sendable {
    private struct State {
        var done = 0
        var total: Int
        var current: String?
        var shown = false
    }

    /// Whether the status line is drawn at all.
    package let drawn: Bool
    private let descriptor: Int32
    private let started: Double
    private let state: Mutex<State>

    /// A status line for `total` items on `descriptor` (1 or 2), drawn only when it is a
    /// terminal (`terminal` overrides that, for tests of both paths).
    package init(total: Int, descriptor: Int32 = 1, terminal: Bool? = nil) {
        self.descriptor = descriptor
        drawn = terminal ?? (isatty(descriptor) == 1)
        started = MonotonicClock.now()
        state = Mutex(State(total: max(1, total)))
    }

    /// Says what runs now.
    package func now(_ what: String) {
        state.withLock { state in
            state.current = what
            draw(&state)
        }
    }

    /// The number of items, once it is known (drawn with the next change).
    package func total(_ total: Int) {
        state.withLock { state in state.total = max(1, total) }
    }

    /// One more item is done.
    package func finished() {
        state.withLock { state in
            state.done = min(state.done + 1, state.total)
            draw(&state)
        }
    }

    /// Writes whole lines of output above the status line.
    package func print(_ text: String) {
        state.withLock { state in
            if state.shown { emit("\r\u{1B}[2K") }
            state.shown = false
            emit(text)
            draw(&state)
        }
    }

    /// Erases the status line, for what follows it.
    package func clear() {
        state.withLock { state in
            if state.shown { emit("\r\u{1B}[2K") }
            state.shown = false
            state.current = nil
        }
    }

    private func draw(_ state: inout State) {
        guard drawn, let current = state.current else { return }
        let line = ProgressText.line(
            done: state.done, total: state.total, current: current, elapsed: MonotonicClock.now() - started)
        // One row only: a wrapped line could not be erased by returning to its start.
        emit("\r\u{1B}[2K" + String(line.prefix(78)))
        state.shown = true
    }

    private func emit(_ text: String) {
        if descriptor == 2 { writeStandardError(text) } else { writeStandardOutput(text) }
    }
}
