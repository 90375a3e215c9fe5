/// The Swift sources compiled around every quiz answer: a small kit the hidden checks use,
/// and the `main.swift` that runs one check per process and reports its verdict.
///
/// How the verdict travels: the grader hands the process a per-run secret on descriptor 4,
/// which the harness reads to its end and closes before any check or answer code runs. Each
/// verdict is one `write` on descriptor 3, prefixed with the secret. Whatever the answer
/// prints on stdout or stderr, or writes on descriptor 3 without the secret, is ignored.
package enum GraderHarness {
    /// `main.swift`: `--list` reports every check's name and hint; `N` runs check N.
    package static let main = #"""
        #if canImport(Glibc)
            import Glibc
        #endif

        // Read the secret before anything else runs; nothing else in this process learns it.
        private let harnessSecret: [UInt8] = {
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 256)
            while true {
                let count = read(4, &buffer, buffer.count)
                if count <= 0 { break }
                bytes += buffer[0..<count]
            }
            close(4)
            return bytes
        }()

        private func harnessEscape(_ text: String) -> String {
            var escaped = ""
            for character in text.prefix(2000) {
                switch character {
                case "\\": escaped += "\\\\"
                case "\n": escaped += "\\n"
                case "\t": escaped += "\\t"
                case "\r": escaped += "\\r"
                default: escaped.append(character)
                }
            }
            return escaped
        }

        private func harnessSend(_ fields: [String]) {
            let line = Array("\n".utf8) + harnessSecret
                + Array(("\t" + fields.map(harnessEscape).joined(separator: "\t") + "\n").utf8)
            line.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = write(3, buffer.baseAddress! + offset, buffer.count - offset)
                    if written <= 0 { return }
                    offset += written
                }
            }
        }

        private let harnessArguments = CommandLine.arguments
        if harnessArguments.count == 2, harnessArguments[1] == "--list" {
            for (index, check) in quizChecks.enumerated() {
                harnessSend(["check", String(index), String(check.task), check.name, check.hint])
            }
            exit(0)
        }
        guard harnessArguments.count == 2, let harnessIndex = Int(harnessArguments[1]),
            quizChecks.indices.contains(harnessIndex)
        else {
            print("usage: \(harnessArguments[0]) --list | CHECK-NUMBER")
            exit(64)
        }
        do {
            try await quizChecks[harnessIndex].body()
            harnessSend(["pass", String(harnessIndex)])
        } catch let failure as CheckFailure {
            harnessSend(["fail", String(harnessIndex), failure.description])
        } catch {
            harnessSend(["fail", String(harnessIndex), "the check stopped on an error it did not expect: \(error)"])
        }
        fflush(nil)
        exit(0)
        """#

    /// The kit the checks use: `QuizCheck`, `CheckFailure`, `require`, `measure`, `Overlap`,
    /// `Shared`.
    package static let kit = #"""
        import Synchronization

        /// One hidden check of a quiz: a name the learner sees, a hint shown when it fails, and a
        /// body that returns when the answer behaves and throws `CheckFailure` when it does not.
        struct QuizCheck: Sendable {
            let name: String
            let hint: String
            let task: Int
            let body: @Sendable () async throws -> Void

            init(
                _ name: String, task: Int = 1, hint: String,
                _ body: @escaping @Sendable () async throws -> Void
            ) {
                self.name = name
                self.hint = hint
                self.task = task
                self.body = body
            }
        }

        /// What a check throws to say what went wrong, in words for the learner.
        struct CheckFailure: Error, CustomStringConvertible {
            let description: String

            init(_ description: String) {
                self.description = description
            }
        }

        /// Fails the check with `message` unless `condition` holds.
        func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
            if !condition { throw CheckFailure(message()) }
        }

        /// Runs `body` and returns its result with the seconds it took.
        func measure<T>(_ body: () async throws -> T) async rethrows -> (value: T, seconds: Double) {
            let clock = ContinuousClock()
            let start = clock.now
            let value = try await body()
            let duration = clock.now - start
            let parts = duration.components
            return (value, Double(parts.seconds) + Double(parts.attoseconds) / 1e18)
        }

        /// Seconds as text with two decimals, e.g. `0.31 s`.
        func seconds(_ value: Double) -> String {
            let hundredths = Int((value * 100).rounded())
            let fraction = hundredths % 100
            return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction) s"
        }

        /// Counts how many things are in progress at once, and the most there ever were.
        final class Overlap: Sendable {
            private let state = Mutex<(now: Int, peak: Int)>((0, 0))

            init() {}

            /// Marks one more thing in progress.
            func enter() {
                state.withLock { state in
                    state.now += 1
                    state.peak = max(state.peak, state.now)
                }
            }

            /// Marks one thing finished.
            func leave() {
                state.withLock { $0.now -= 1 }
            }

            /// The most things ever in progress at once.
            var peak: Int { state.withLock { $0.peak } }
        }

        /// A value many tasks may read and change, behind a lock.
        final class Shared<Value: Sendable>: Sendable {
            private let state: Mutex<Value>

            init(_ value: Value) {
                state = Mutex(value)
            }

            /// Changes the value under the lock and returns what `body` returns.
            func update<R: Sendable>(_ body: (inout Value) -> R) -> R {
                state.withLock { body(&$0) }
            }

            /// The current value.
            var value: Value { state.withLock { $0 } }
        }
        """#
}
