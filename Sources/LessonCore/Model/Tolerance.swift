/// How far a measured time may be from the expected one.
package enum Tolerance: Sendable, Hashable, Codable {
    /// Plus or minus a fixed number of seconds.
    case seconds(Double)
    /// Plus or minus a fraction of the expected time (0.1 for `10%`).
    case fraction(Double)
    /// The default: plus or minus max(150 ms, 10% of the expected time). Wide enough for a
    /// loaded 2-core machine, narrow enough to tell 1 s from 2 s (or 0.2 s from 0.4 s).
    case standard

    /// The allowed distance from `expected`, in seconds.
    package func window(for expected: Double) -> Double {
        switch self {
        case .seconds(let seconds): seconds
        case .fraction(let fraction): abs(expected) * fraction
        case .standard: max(0.15, abs(expected) * 0.1)
        }
    }

    /// True when `measured` is within the window around `expected`.
    package func accepts(_ measured: Double, expected: Double) -> Bool {
        abs(measured - expected) <= window(for: expected) + 1e-9
    }

    /// Parses `150ms`, `0.2s`, `1s` or `10%`; nil when the text is none of these.
    package init?(parsing text: Substring) {
        if text.hasSuffix("%"), let value = Double(text.dropLast()), value >= 0 {
            self = .fraction(value / 100)
        } else if let seconds = parseDuration(text) {
            self = .seconds(seconds)
        } else {
            return nil
        }
    }
}

/// Parses `150ms`, `0.2s`, `2s` or `1m` into seconds; nil otherwise.
package func parseDuration(_ text: Substring) -> Double? {
    let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60)]
    for (unit, scale) in units where text.hasSuffix(unit) {
        if let value = Double(text.dropLast(unit.count)), value >= 0, value.isFinite {
            return value * scale
        }
    }
    return nil
}

/// Formats seconds the way reports show them: `0.20s`, `1.05s`.
package func formatSeconds(_ seconds: Double) -> String {
    let hundredths = Int((seconds * 100).rounded())
    let sign = hundredths < 0 ? "-" : ""
    let magnitude = abs(hundredths)
    let fraction = magnitude % 100
    return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)s"
}
