import Glibc

/// The local wall-clock time of day, formatted as `HH:MM:SS`.
public enum TimeOfDay {
    /// The current local time as `HH:MM:SS`, like the demo endpoints return.
    public static func now() -> String {
        var seconds = time(nil)
        var parts = tm()
        localtime_r(&seconds, &parts)
        return format(
            hour: Int(parts.tm_hour), minute: Int(parts.tm_min), second: Int(parts.tm_sec))
    }

    /// Formats an hour, minute and second as `HH:MM:SS` with leading zeros.
    public static func format(hour: Int, minute: Int, second: Int) -> String {
        [hour, minute, second].map { $0 < 10 ? "0\($0)" : "\($0)" }.joined(separator: ":")
    }
}
