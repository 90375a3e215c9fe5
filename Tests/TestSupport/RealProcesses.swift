import Testing

/// Suites that compile and run real processes must not run beside each other: timing checks
/// must not compete with each other's compiles for two cores. Each test target nests such
/// suites in a `@Suite(.serialized, .oneTargetAtATime) struct RealProcesses {}` of its own:
/// `.serialized` runs them one at a time within the target, and this trait lets one target's
/// `RealProcesses` run at a time across the whole test process (it holds a turn around the
/// suite, not around each test, so no test's time limit counts the wait).
package struct OneTargetAtATime: SuiteTrait, TestScoping {
    /// One turn for the whole test process.
    private static let turns = Slots(width: 1)

    package var isRecursive: Bool { false }

    package func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        await Self.turns.enter()
        do {
            try await function()
            await Self.turns.leave()
        } catch {
            await Self.turns.leave()
            throw error
        }
    }
}

extension Trait where Self == OneTargetAtATime {
    /// See `OneTargetAtATime`.
    package static var oneTargetAtATime: Self { OneTargetAtATime() }
}

/// Lets at most `width` callers in at a time; the rest wait in order.
package actor Slots {
    private let width: Int
    private var inside = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    package init(width: Int) {
        self.width = width
    }

    package func enter() async {
        if inside < width {
            inside += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    package func leave() {
        if waiting.isEmpty {
            inside -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
