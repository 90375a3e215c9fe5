/// The verdict on one expectation of a snippet.
package struct Check: Sendable, Codable, Hashable {
    /// What a check is about; encoded as its raw value.
    package enum Kind: String, Sendable, Codable, Hashable {
        /// The snippet compiled (or failed to, for `compile-fail`).
        case compile
        /// An expected compiler error appeared.
        case diagnostics
        /// The run ended as expected (exit status, crash, no timeout).
        case exit
        /// stdout matched its `output` block.
        case output
        /// stderr matched its `stderr` block.
        case stderr
        /// Every stamped line appeared within its window.
        case timing
        /// The run's wall time matched `elapsed=`.
        case elapsed
        /// The output stayed under the caps.
        case limits
    }

    /// What was checked.
    package var kind: Kind
    package var pass: Bool
    /// One sentence a learner can act on.
    package var message: String
    /// The lesson line the check is about (the expectation block or the snippet).
    package var line: Int?
    /// For output mismatches: expected against actual, line by line.
    package var diff: [DiffLine]?

    package init(kind: Kind, pass: Bool, message: String, line: Int? = nil, diff: [DiffLine]? = nil) {
        self.kind = kind
        self.pass = pass
        self.message = message
        self.line = line
        self.diff = diff
    }
}

/// One row of an expected-versus-actual comparison.
package struct DiffLine: Sendable, Codable, Hashable {
    /// Whether a row matched, was expected but missing, or appeared unexpectedly.
    package enum Kind: String, Sendable, Codable {
        case same
        case missing
        case unexpected
        /// The text matched but the time did not.
        case late
    }

    package var kind: Kind
    /// The expected line as written (stamp included), for `same`, `missing` and `late`.
    package var expected: String?
    /// The actual line's text, for `same`, `unexpected` and `late`.
    package var actual: String?
    /// When the actual line appeared.
    package var t: Double?

    package init(kind: Kind, expected: String? = nil, actual: String? = nil, t: Double? = nil) {
        self.kind = kind
        self.expected = expected
        self.actual = actual
        self.t = t
    }
}
