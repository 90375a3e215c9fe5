/// The words of a long command's status line on a terminal: how much is done, what runs now
/// and how long the rest should take, e.g. `[3/12] 04-gather: compiling 2 of 8 · about 40s left`.
package enum ProgressText {
    /// The status line. The time left is the mean time per finished item times the items
    /// left, said only once one item has finished (before that nothing is known).
    package static func line(done: Int, total: Int, current: String?, elapsed: Double) -> String {
        var text = "[\(min(done + 1, total))/\(total)]"
        if let current { text += " \(current)" }
        if let left = secondsLeft(done: done, total: total, elapsed: elapsed) {
            text += " · about \(duration(left)) left"
        }
        return text
    }

    /// Seconds the remaining items should take at the pace so far; nil before the first ends.
    package static func secondsLeft(done: Int, total: Int, elapsed: Double) -> Double? {
        guard done > 0, done < total, elapsed >= 0 else { return nil }
        return elapsed / Double(done) * Double(total - done)
    }

    /// `40s`, `2m 05s`: whole seconds, minutes from one minute up.
    package static func duration(_ seconds: Double) -> String {
        let whole = max(1, Int(seconds.rounded()))
        guard whole >= 60 else { return "\(whole)s" }
        let rest = whole % 60
        return "\(whole / 60)m \(rest < 10 ? "0" : "")\(rest)s"
    }
}
