/// Measures time elapsed since it was created, on the monotonic clock.
///
/// `Stopwatch` is a value: create one where timing starts and read `elapsed` or
/// `elapsedText` whenever needed. It never goes backwards when the wall clock changes.
public struct Stopwatch: Sendable {
    /// The instant this stopwatch started.
    public let start: ContinuousClock.Instant

    /// Starts a stopwatch now.
    public init() {
        start = ContinuousClock.now
    }

    /// The time elapsed since the stopwatch started.
    public var elapsed: Duration {
        ContinuousClock.now - start
    }

    /// The elapsed time in seconds, as a `Double`.
    public var seconds: Double {
        Stopwatch.seconds(elapsed)
    }

    /// The elapsed time formatted with two decimals, e.g. `0.20s`.
    public var elapsedText: String {
        Stopwatch.format(elapsed)
    }

    /// Converts a duration to seconds as a `Double`.
    public static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    /// Formats a duration in seconds with two decimals, e.g. `1.25s`; negative values show a `-`.
    public static func format(_ duration: Duration) -> String {
        format(seconds: seconds(duration))
    }

    /// Formats seconds with two decimals (rounded half away from zero), e.g. `0.20s`.
    public static func format(seconds: Double) -> String {
        let hundredths = Int((abs(seconds) * 100).rounded())
        let sign = seconds < 0 && hundredths > 0 ? "-" : ""
        let fraction = hundredths % 100
        return "\(sign)\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)s"
    }
}
