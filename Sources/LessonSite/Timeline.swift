import LessonCore

/// Draws when each output line of a run appeared as an inline SVG: a time axis with ticks,
/// one row per output line with a mark at the moment it arrived (circles for stdout, squares
/// for stderr), the expected window of every stamped line as a band, and the run's end.
/// Every timeline of a page shares one scale, so a run whose lines arrive together looks
/// different at a glance from one whose lines arrive one after another.
package struct Timeline: Sendable {
    /// The time at the right edge of the plot, in seconds.
    package var scale: Double

    /// The plot's width in SVG units; the SVG scales to its container.
    static let width = 640.0
    static let left = 10.0
    static let right = 14.0
    static let top = 18.0
    static let axisHeight = 22.0

    /// A timeline whose right edge is `scale` seconds.
    package init(scale: Double) {
        self.scale = scale
    }

    /// A timeline wide enough for the latest moment of any of `snippets`, rounded up to a
    /// whole number of ticks.
    package init(fitting snippets: [(Snippet, RunResult?)]) {
        var latest = 0.1
        for (snippet, run) in snippets {
            latest = max(latest, Self.latestMoment(snippet, run))
        }
        let step = Self.tickStep(for: latest)
        self.init(scale: (latest / step - 1e-9).rounded(.up) * step)
    }

    /// The last moment the timeline of one snippet needs to show.
    static func latestMoment(_ snippet: Snippet, _ run: RunResult?) -> Double {
        var latest = run?.elapsed ?? 0
        for line in run?.lines ?? [] { latest = max(latest, line.t) }
        for expectation in snippet.expectations {
            let tolerance = expectation.tolerance ?? snippet.tolerance ?? .standard
            if let elapsed = expectation.elapsed {
                latest = max(latest, elapsed + tolerance.window(for: elapsed))
            }
            for line in expectation.lines {
                if let stamp = line.stamp { latest = max(latest, stamp + tolerance.window(for: stamp)) }
            }
        }
        return latest
    }

    /// A tick spacing that gives at most eight ticks up to `latest`.
    static func tickStep(for latest: Double) -> Double {
        let steps = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300]
        return steps.first { latest / $0 <= 8 } ?? 600
    }

    /// The x coordinate of a moment.
    func x(_ seconds: Double) -> Double {
        Self.left + min(max(seconds, 0), scale) / scale * (Self.width - Self.left - Self.right)
    }

    /// The SVG for one snippet's run, drawn from the checks' pairing `matches` of its
    /// expected and actual lines; nil when there is nothing to draw (no run and no timed
    /// expectations).
    package func svg(_ snippet: Snippet, _ run: RunResult?, matches: [BlockMatch]) -> String? {
        let lines = run?.lines ?? []
        let bands = TimelineMarks(snippet, lines: lines, matches: matches)
        let rows = lines.count + bands.unmatched.count
        guard rows > 0 || bands.elapsed != nil || run != nil else { return nil }
        let rowHeight = rows == 0 ? 14 : min(14, 280 / Double(rows))
        let plotHeight = Double(max(rows, 1)) * rowHeight
        let height = Self.top + plotHeight + Self.axisHeight
        let bottom = Self.top + plotHeight
        var out =
            "<svg class=\"timeline\" viewBox=\"0 0 \(number(Self.width)) \(number(height))\""
            + " role=\"img\" aria-label=\"\(HTML.attribute(summary(lines: lines, run: run)))\">"
        for index in 0..<rows where index % 2 == 1 && rowHeight >= 6 {
            out +=
                "<rect class=\"row\" x=\"\(number(Self.left))\" y=\"\(number(Self.top + Double(index) * rowHeight))\""
                + " width=\"\(number(Self.width - Self.left - Self.right))\" height=\"\(number(rowHeight))\"/>"
        }
        if let elapsed = bands.elapsed {
            out += rect(
                "band-elapsed", elapsed.0 - elapsed.1, elapsed.0 + elapsed.1, Self.top + plotHeight - 4, 4,
                title: "expected to finish at \(formatSeconds(elapsed.0)) ±\(formatSeconds(elapsed.1))")
        }
        for band in bands.matched {
            let y = Self.top + Double(band.row) * rowHeight
            out += rect(
                "band", band.stamp - band.window, band.stamp + band.window, y + 1, max(rowHeight - 2, 1),
                title: "expected \(band.text) ±\(formatSeconds(band.window))")
        }
        for (offset, band) in bands.unmatched.enumerated() {
            let y = Self.top + Double(lines.count + offset) * rowHeight
            out += rect(
                "band band-missing", band.stamp - band.window, band.stamp + band.window, y + 1,
                max(rowHeight - 2, 1), title: "expected but missing: \(band.text)")
        }
        out += axis(bottom: bottom)
        for (index, line) in lines.enumerated() {
            out += mark(
                line, y: Self.top + (Double(index) + 0.5) * rowHeight, size: max(1.2, min(rowHeight / 2 - 0.5, 4.5)),
                class: bands.classes[index])
        }
        if let run {
            let x = x(run.elapsed)
            out +=
                "<line class=\"end\" x1=\"\(number(x))\" y1=\"\(number(Self.top - 14))\" x2=\"\(number(x))\""
                + " y2=\"\(number(bottom))\"/>"
            let anchor = x > Self.width * 0.75 ? "end" : "start"
            let labelX = anchor == "end" ? x - 3 : x + 3
            out +=
                "<text class=\"end-label\" x=\"\(number(labelX))\" y=\"\(number(Self.top - 6))\""
                + " text-anchor=\"\(anchor)\">\(HTML.text(endLabel(run)))</text>"
        }
        return out + "</svg>"
    }

    func summary(lines: [OutputLine], run: RunResult?) -> String {
        guard let run else { return "Expected timing; not recorded yet" }
        return "Timeline: \(lines.count) output line\(lines.count == 1 ? "" : "s") over "
            + "\(formatSeconds(run.elapsed)), on a scale of \(formatSeconds(scale))"
    }

    func endLabel(_ run: RunResult) -> String {
        if run.timedOut { return "killed after \(formatSeconds(run.elapsed))" }
        if let signal = run.signal { return "\(signalName(signal)) at \(formatSeconds(run.elapsed))" }
        return "exit \(run.exitCode ?? 0) at \(formatSeconds(run.elapsed))"
    }

    func rect(_ css: String, _ from: Double, _ to: Double, _ y: Double, _ height: Double, title: String) -> String {
        let x0 = x(from)
        let width = max(x(to) - x0, 1)
        return "<rect class=\"\(css)\" x=\"\(number(x0))\" y=\"\(number(y))\" width=\"\(number(width))\""
            + " height=\"\(number(height))\"><title>\(HTML.text(title))</title></rect>"
    }

    func mark(_ line: OutputLine, y: Double, size: Double, class kind: TimelineMarks.Class) -> String {
        let x = x(line.t)
        let title = "<title>[\(formatSeconds(line.t))] \(line.stream.rawValue): \(HTML.text(line.text))</title>"
        let css =
            (line.stream == .stdout ? "mark mark-out" : "mark mark-err") + (kind == .plain ? "" : " \(kind.rawValue)")
        if line.stream == .stdout {
            return "<circle class=\"\(css)\" cx=\"\(number(x))\" cy=\"\(number(y))\" r=\"\(number(size))\">"
                + "\(title)</circle>"
        }
        return "<rect class=\"\(css)\" x=\"\(number(x - size))\" y=\"\(number(y - size))\""
            + " width=\"\(number(size * 2))\" height=\"\(number(size * 2))\">\(title)</rect>"
    }

    func axis(bottom: Double) -> String {
        var out =
            "<line class=\"axis\" x1=\"\(number(Self.left))\" y1=\"\(number(bottom))\""
            + " x2=\"\(number(Self.width - Self.right))\" y2=\"\(number(bottom))\"/>"
        let step = Self.tickStep(for: scale)
        var index = 0
        while Double(index) * step <= scale + 1e-9 {
            let t = Double(index) * step
            let x = x(t)
            out +=
                "<line class=\"tick\" x1=\"\(number(x))\" y1=\"\(number(Self.top))\" x2=\"\(number(x))\""
                + " y2=\"\(number(bottom + 4))\"/>"
            let anchor = index == 0 ? "start" : "middle"
            out +=
                "<text class=\"tick-label\" x=\"\(number(x))\" y=\"\(number(bottom + 15))\""
                + " text-anchor=\"\(anchor)\">\(tickLabel(t))</text>"
            index += 1
        }
        return out
    }

    /// `0s`, `0.25s`, `1.5s`, `2s`.
    func tickLabel(_ seconds: Double) -> String {
        var text = formatSeconds(seconds).dropLast()
        while text.hasSuffix("0"), text.contains(".") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text + "s"
    }
}

/// An SVG coordinate with at most one decimal.
func number(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded())
    let whole = tenths / 10
    let fraction = abs(tenths % 10)
    if fraction == 0 { return "\(whole)" }
    return "\(tenths < 0 && whole == 0 ? "-" : "")\(whole).\(fraction)"
}
