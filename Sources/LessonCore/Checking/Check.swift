/// The verdict on one expectation of a snippet.
package struct Check: Sendable, Codable, Hashable {
    /// What was checked: `compile`, `diagnostics`, `exit`, `output`, `stderr`, `timing`,
    /// `elapsed` or `limits`.
    package var kind: String
    package var pass: Bool
    /// One sentence a learner can act on.
    package var message: String
    /// The lesson line the check is about (the expectation block or the snippet).
    package var line: Int?
    /// For output mismatches: expected against actual, line by line.
    package var diff: [DiffLine]?

    package init(kind: String, pass: Bool, message: String, line: Int? = nil, diff: [DiffLine]? = nil) {
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
