import CJudge
import Synchronization

// A module of the package, type-checked by `swift build`; in a quiz's judge its files are
// compiled in one module with `SHA256.swift`, where there is nothing to import.
#if canImport(LessonCore)
    import LessonCore
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// One check of a quiz, as the judge runs it: a name and hint the learner sees, the lesson
/// section that teaches it (`Lessons/FILE.md#heading-slug`), and a body that drives the
/// answer and throws `CheckFailure` when its behaviour is wrong.
struct JudgeCheck: Sendable {
    let name: String
    let task: Int
    let hint: String
    let lesson: String
    let body: @Sendable (Judging) async throws -> Void

    init(
        _ name: String, task: Int = 1, lesson: String, hint: String,
        _ body: @escaping @Sendable (Judging) async throws -> Void
    ) {
        self.name = name
        self.task = task
        self.lesson = lesson
        self.hint = hint
        self.body = body
    }
}

/// What a check throws to say what went wrong, in words for the learner, and, when the
/// check can tell one cause from another, the hint for the cause it saw (instead of the
/// check's own hint, which has to speak of every cause).
struct CheckFailure: Error, CustomStringConvertible {
    let description: String
    let hint: String?
    /// True when the answer never replied in time: the check saw no behaviour to judge.
    let hung: Bool

    init(_ description: String, hint: String? = nil, hung: Bool = false) {
        self.description = description
        self.hint = hint
        self.hung = hung
    }
}

/// Fails the check with `message` unless `condition` holds.
func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw CheckFailure(message()) }
}

/// What one check works with: the answer's process and the run's random numbers.
final class Judging: Sendable {
    /// The answer, behind its pipes.
    let answer: AnswerProcess
    private let generator: Mutex<HashRandom>

    init(answer: AnswerProcess, seed: UInt64, check: Int) {
        self.answer = answer
        self.generator = Mutex(HashRandom(seed: seed, stream: check))
    }

    /// A random number in `range`, from the run's seed.
    func int(in range: ClosedRange<Int>) -> Int {
        generator.withLock { Int.random(in: range, using: &$0) }
    }

    /// A random fraction in `range`.
    func double(in range: ClosedRange<Double>) -> Double {
        generator.withLock { Double.random(in: range, using: &$0) }
    }

    /// `count` different random tokens of 12 hex digits: values an answer cannot guess.
    func tokens(_ count: Int) -> [String] {
        var seen = Set<String>()
        while seen.count < count { seen.insert(token()) }
        return generator.withLock { Array(seen).shuffled(using: &$0) }
    }

    /// One random token of 12 hex digits.
    func token() -> String {
        let value = generator.withLock { $0.next() } & 0xffff_ffff_ffff
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 12 - hex.count) + hex
    }

    /// `values` in a random order.
    func shuffled<T: Sendable>(_ values: [T]) -> [T] {
        generator.withLock { values.shuffled(using: &$0) }
    }
}

/// Random numbers that are SHA-256 hashes of the seed, the check and a counter: the same
/// on every machine, so a seed replays a run, and one-way, so no value an answer sees
/// tells it the seed or any value it has not seen (a page, an address, a connection name).
struct HashRandom: RandomNumberGenerator, Sendable {
    private let seed: UInt64
    private let stream: Int
    private var counter: UInt64 = 0

    init(seed: UInt64, stream: Int) {
        self.seed = seed
        self.stream = stream
    }

    mutating func next() -> UInt64 {
        var hasher = SHA256()
        hasher.update(field: "lesson-judge-1 \(seed) \(stream) \(counter)")
        counter += 1
        return UInt64(hasher.hexDigest().prefix(16), radix: 16) ?? counter
    }
}

/// Seconds on the monotonic clock.
func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// Seconds as text with two decimals, e.g. `0.31 s`.
func seconds(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction) s"
}

/// Sleeps `value` seconds; throws `CancellationError` when cancelled first.
func pause(_ value: Double) async throws {
    try await Task.sleep(for: .milliseconds(Int(value * 1000)))
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

/// Counts the calls in progress at once, as the judge serves them, and the most there were.
final class Overlap: Sendable {
    private let state = Mutex<(now: Int, peak: Int)>((0, 0))

    init() {}

    /// Marks one more call in progress.
    func enter() {
        state.withLock { state in
            state.now += 1
            state.peak = max(state.peak, state.now)
        }
    }

    /// Marks one call finished.
    func leave() {
        state.withLock { $0.now -= 1 }
    }

    /// The most calls ever in progress at once.
    var peak: Int { state.withLock { $0.peak } }
}

/// Holds calls until `expected` of them are waiting at once, or until `patience` seconds
/// after the first arrived: a correct answer, which makes them all at once, is never slowed
/// down, and one that makes them wait for each other is caught on any machine.
final class Gathering: Sendable {
    private struct State {
        var arrived = 0
        var open = false
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let expected: Int
    private let patience: Double
    private let state = Mutex(State())

    init(expected: Int, patience: Double = 1.5) {
        self.expected = expected
        self.patience = patience
    }

    /// Waits until every expected call is here (or patience ran out). Not cancellable: the
    /// call returns when the gathering opens.
    func arrive() async {
        await withCheckedContinuation { continuation in
            let (release, first) = state.withLock { state -> ([CheckedContinuation<Void, Never>], Bool) in
                state.arrived += 1
                if state.open { return ([continuation], false) }
                state.waiting.append(continuation)
                if state.arrived >= expected {
                    state.open = true
                    defer { state.waiting = [] }
                    return (state.waiting, false)
                }
                return ([], state.arrived == 1)
            }
            for waiter in release { waiter.resume() }
            if first {
                Task { [self] in
                    try? await pause(patience)
                    openNow()
                }
            }
        }
    }

    private func openNow() {
        let release = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for waiter in release { waiter.resume() }
    }

    /// True when all expected calls were here at the same time.
    var complete: Bool { state.withLock { $0.arrived >= expected } }
}
