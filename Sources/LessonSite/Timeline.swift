import LessonCore

/// Draws when each output line of a run appeared as an inline SVG: one labelled row per
/// output line with a mark at the moment it arrived (circles for stdout, squares for stderr)
/// over the expected window of the line, a row of its own for the end of the run against
/// its expected end, and a time axis. Every timeline of a page shares one scale, so a run
/// whose lines arrive together looks different at a glance from one whose lines arrive one
/// after another; several runs can share one timeline, one above the other.
///
/// Each timeline is drawn twice, wide (labels in a column on the left) and narrow (labels
/// above their rows, for phones), and the style sheet shows the one that fits, so timeline
/// text stays at least as large as small body text on any screen and on paper. A table with
/// the same facts follows, for screen readers and for reading without the picture.
package struct Timeline: Sendable {
    /// The time at the right edge of the plot, in seconds.
    package var scale: Double

    /// A timeline whose right edge is `scale` seconds.
    package init(scale: Double) {
        self.scale = scale
    }

    /// A timeline wide enough for the latest moment of any of `lanes`, rounded up to a
    /// whole number of ticks.
    init(fitting lanes: [TimelineLane]) {
        let latest = lanes.reduce(0.1) { max($0, $1.latest) }
        let step = Self.tickStep(for: latest)
        self.init(scale: (latest / step - 1e-9).rounded(.up) * step)
    }

    /// A tick spacing that gives at most eight ticks up to `latest`.
    static func tickStep(for latest: Double) -> Double {
        let steps = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300]
        return steps.first { latest / $0 <= 8 } ?? 600
    }

    /// The sizes of one of the two drawings, in SVG units (the SVG scales to its container).
    struct Layout {
        /// `wide` or `narrow`; becomes a CSS class.
        var name: String
        /// The whole drawing's width.
        var width: Double
        /// Where the plot starts; the labels sit left of it in the wide drawing.
        var plotLeft: Double
        /// Room right of the plot for the last tick label.
        var plotRight = 16.0
        /// The height of one row when there are few.
        var rowHeight: Double
        /// True when labels sit above their row's track rather than beside it.
        var stacked: Bool
        /// The most rows drawn at full height and with labels.
        var labelledRows = 32

        /// Labels in a column left of the plot; for screens wider than a phone and paper.
        static let wide = Layout(name: "wide", width: 640, plotLeft: 220, rowHeight: 18, stacked: false)
        /// Labels above each row; drawn about 330 px wide on a phone, so 12-unit text stays
        /// above 11 px.
        static let narrow = Layout(name: "narrow", width: 340, plotLeft: 8, rowHeight: 32, stacked: true)

        /// About how many characters of a 12-unit monospaced label fit.
        var labelCharacters: Int {
            Int(((stacked ? width - plotLeft - plotRight : plotLeft - 12) / 7.3).rounded(.down))
        }
    }

    /// The x coordinate of a moment.
    func x(_ seconds: Double, _ layout: Layout) -> Double {
        layout.plotLeft + min(max(seconds, 0), scale) / scale * (layout.width - layout.plotLeft - layout.plotRight)
    }

    /// The figure for one or more runs on this timeline's scale: both drawings, the key and
    /// the table; nil when there is nothing to draw.
    func figure(_ lanes: [TimelineLane]) -> String? {
        guard lanes.contains(where: { !$0.rows.isEmpty || $0.end != nil || $0.expectedEnd != nil }) else {
            return nil
        }
        let label = summary(lanes)
        var out = "<figure class=\"timeline-figure\">"
        out += svg(lanes, .wide, label: label) + svg(lanes, .narrow, label: label)
        out +=
            "<figcaption>"
            + [
                ("out", "stdout"), ("err", "stderr"), ("band", "expected window"), ("elapsed", "expected end"),
                ("end", "end of run"), ("off", "outside its window"),
            ].map { "<span class=\"key-item\"><span class=\"key key-\($0)\"></span>\($1)</span>" }
            .joined(separator: " ") + "</figcaption>"
        out += TimelineTable.html(lanes)
        return out + "</figure>\n"
    }

    /// The wide drawing of one snippet's run, drawn from the checks' pairing `matches` of
    /// its expected and actual lines; nil when there is nothing to draw.
    package func svg(_ snippet: Snippet, _ run: RunResult?, matches: [BlockMatch]) -> String? {
        let lane = TimelineLane(snippet, run: run, matches: matches, endOnTime: nil)
        guard !lane.rows.isEmpty || lane.end != nil || lane.expectedEnd != nil else { return nil }
        return svg([lane], .wide, label: summary([lane]))
    }

    /// What the picture shows, in one sentence.
    func summary(_ lanes: [TimelineLane]) -> String {
        let parts = lanes.map { lane -> String in
            let seen = lane.rows.filter { $0.seen != nil }.count
            let name = lane.title.map { "\($0): " } ?? ""
            guard let end = lane.end else {
                if lane.endVerdict == .notYet {
                    return "\(name)\(seen) output line\(seen == 1 ? "" : "s") so far"
                }
                return "\(name)expected timing; not recorded yet"
            }
            var text = "\(name)\(seen) output line\(seen == 1 ? "" : "s") over \(formatSeconds(end))"
            let off = lane.rows.filter { [.early, .late, .missing, .unexpected].contains($0.verdict) }.count
            if off > 0 { text += ", \(off) outside \(off == 1 ? "its" : "their") window" }
            return text
        }
        return "Timeline: " + parts.joined(separator: "; ") + ", on a scale of \(formatSeconds(scale))"
    }

    /// One drawing of `lanes`.
    func svg(_ lanes: [TimelineLane], _ layout: Layout, label: String) -> String {
        let rowCount = lanes.reduce(0) { $0 + $1.rows.count + 1 }
        let rowHeight =
            rowCount <= layout.labelledRows
            ? layout.rowHeight
            : max(layout.stacked ? 10 : 8, layout.rowHeight * Double(layout.labelledRows) / Double(rowCount))
        let labelled = rowCount <= layout.labelledRows
        let titleHeight = 22.0
        let top = 4.0
        var height = top + 26
        for lane in lanes {
            height += Double(lane.rows.count + 1) * rowHeight + (lane.title == nil ? 0 : titleHeight)
        }
        var body = ""
        var stripes = ""
        var y = top
        for lane in lanes {
            if let title = lane.title {
                body +=
                    "<text class=\"lane-title\" x=\"4\" y=\"\(number(y + 16))\">\(HTML.text(title))</text>"
                y += titleHeight
            }
            let laneTop = y
            for (index, row) in lane.rows.enumerated() {
                stripes += stripe(index: index, top: y, height: rowHeight, layout: layout)
                body += self.row(row, top: y, height: rowHeight, layout: layout, labelled: labelled)
                y += rowHeight
            }
            stripes += stripe(index: lane.rows.count, top: y, height: rowHeight, layout: layout)
            body += endRow(lane, top: y, height: rowHeight, layout: layout, labelled: labelled)
            if let end = lane.end {
                let x = x(end, layout)
                body +=
                    "<line class=\"end\" x1=\"\(number(x))\" y1=\"\(number(laneTop))\" x2=\"\(number(x))\""
                    + " y2=\"\(number(y + rowHeight))\"/>"
            }
            y += rowHeight
        }
        let css = "timeline timeline-\(layout.name)"
        return "<svg class=\"\(css)\" viewBox=\"0 0 \(number(layout.width)) \(number(height))\" role=\"img\""
            + " aria-label=\"\(HTML.attribute(label))\">" + stripes + axis(top: top, bottom: y, layout) + body
            + "</svg>"
    }

    /// Where a row's track lies: its vertical centre and the height of its band.
    func track(top: Double, height: Double, layout: Layout, labelled: Bool) -> (center: Double, band: Double) {
        if layout.stacked && labelled { return (top + 22, 14) }
        return (top + height / 2, max(height - 4, 1))
    }

    /// A row's stripe, label, expected window and mark.
    func row(_ row: TimelineRow, top: Double, height: Double, layout: Layout, labelled: Bool) -> String {
        var out = ""
        let track = track(top: top, height: height, layout: layout, labelled: labelled)
        if labelled {
            let prefix = row.verdict == .missing ? "missing: " : row.stream == .stderr ? "stderr: " : ""
            out += labelText(
                prefix + row.text, top: top, height: height, layout: layout, missing: row.verdict == .missing)
        }
        if let expected = row.expected {
            let css = row.verdict == .missing ? "band band-missing" : "band"
            let title =
                row.verdict == .missing
                ? "expected but missing: \(row.text) at \(formatSeconds(expected.at))"
                : "expected \(row.text) at \(formatSeconds(expected.at)) ±\(formatSeconds(expected.window))"
            out += rect(
                css, expected.at - expected.window, expected.at + expected.window, track.center - track.band / 2,
                track.band, layout, title: title)
        }
        if let seen = row.seen {
            out += mark(row, seen: seen, y: track.center, size: max(1.5, min(track.band / 2 - 0.5, 5)), layout)
            if labelled, [.early, .late, .unexpected].contains(row.verdict) {
                out += verdictText(row.verdict.rawValue, at: seen, y: track.center, layout)
            }
        }
        return out
    }

    /// The row of the run's end: its label, the expected end's window and a bar where it ended.
    func endRow(_ lane: TimelineLane, top: Double, height: Double, layout: Layout, labelled: Bool) -> String {
        var out = ""
        let track = track(top: top, height: height, layout: layout, labelled: labelled)
        if labelled {
            out += labelText(
                lane.endLabel ?? "expected end", top: top, height: height, layout: layout, missing: false,
                css: "end-label")
        }
        if let expected = lane.expectedEnd {
            out += rect(
                "band-elapsed", expected.at - expected.window, expected.at + expected.window,
                track.center - track.band / 2, track.band, layout,
                title: "expected to finish at \(formatSeconds(expected.at)) ±\(formatSeconds(expected.window))")
        }
        if let end = lane.end {
            let x = x(end, layout)
            out +=
                "<rect class=\"end-mark\(lane.endVerdict == .early || lane.endVerdict == .late ? " off" : "")\""
                + " x=\"\(number(x - 2))\" y=\"\(number(track.center - track.band / 2 - 1))\" width=\"4\""
                + " height=\"\(number(track.band + 2))\"><title>\(HTML.text(lane.endLabel ?? ""))</title></rect>"
            if labelled, lane.endVerdict == .early || lane.endVerdict == .late {
                out += verdictText(lane.endVerdict.rawValue, at: end, y: track.center, layout)
            }
        }
        return out
    }

    /// A light band behind every other row, label included, so a row reads across.
    func stripe(index: Int, top: Double, height: Double, layout: Layout) -> String {
        guard index % 2 == 1 else { return "" }
        return
            "<rect class=\"row\" x=\"0\" y=\"\(number(top))\" width=\"\(number(layout.width - layout.plotRight + 6))\""
            + " height=\"\(number(height))\"/>"
    }

    /// A row's label, cut to what fits (the whole text stays in its tooltip).
    func labelText(
        _ text: String, top: Double, height: Double, layout: Layout, missing: Bool, css: String = "row-label"
    )
        -> String
    {
        let limit = max(layout.labelCharacters, 4)
        let shown = text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
        let y = layout.stacked ? top + 12 : top + height / 2 + 4
        let x = layout.stacked ? layout.plotLeft : 4
        let title = shown == text ? "" : "<title>\(HTML.text(text))</title>"
        return "<text class=\"\(css)\(missing ? " missing" : "")\" x=\"\(number(x))\" y=\"\(number(y))\">"
            + "\(title)\(HTML.text(shown))</text>"
    }

    /// `late` or `early` beside a mark outside its window, so paper shows it too.
    func verdictText(_ text: String, at seen: Double, y: Double, _ layout: Layout) -> String {
        let x = x(seen, layout)
        let before = x > layout.width * 0.7
        return "<text class=\"verdict\" x=\"\(number(before ? x - 8 : x + 8))\" y=\"\(number(y + 4))\""
            + " text-anchor=\"\(before ? "end" : "start")\">\(text)</text>"
    }

    /// A rectangle from one moment to another, with a tooltip.
    func rect(
        _ css: String, _ from: Double, _ to: Double, _ y: Double, _ height: Double, _ layout: Layout, title: String
    ) -> String {
        let x0 = x(from, layout)
        let width = max(x(to, layout) - x0, 1)
        return "<rect class=\"\(css)\" x=\"\(number(x0))\" y=\"\(number(y))\" width=\"\(number(width))\""
            + " height=\"\(number(height))\"><title>\(HTML.text(title))</title></rect>"
    }

    /// The mark of a line: a circle for stdout, a square for stderr, classed by its verdict.
    func mark(_ row: TimelineRow, seen: Double, y: Double, size: Double, _ layout: Layout) -> String {
        let x = x(seen, layout)
        let title = "<title>[\(formatSeconds(seen))] \(row.stream.rawValue): \(HTML.text(row.text))</title>"
        // `late` marks every line outside its window, `early` says which side it fell.
        let kind: String
        switch row.verdict {
        case .onTime: kind = " on-time"
        case .late: kind = " late"
        case .early: kind = " early late"
        case .unexpected: kind = " unexpected"
        case .missing, .untimed, .notRecorded, .notYet: kind = ""
        }
        let css = (row.stream == .stdout ? "mark mark-out" : "mark mark-err") + kind
        if row.stream == .stdout {
            return "<circle class=\"\(css)\" cx=\"\(number(x))\" cy=\"\(number(y))\" r=\"\(number(size))\">"
                + "\(title)</circle>"
        }
        return "<rect class=\"\(css)\" x=\"\(number(x - size))\" y=\"\(number(y - size))\""
            + " width=\"\(number(size * 2))\" height=\"\(number(size * 2))\">\(title)</rect>"
    }

    /// Grid lines from `top` to `bottom`, the axis and the tick labels below it.
    func axis(top: Double, bottom: Double, _ layout: Layout) -> String {
        var out =
            "<line class=\"axis\" x1=\"\(number(layout.plotLeft))\" y1=\"\(number(bottom))\""
            + " x2=\"\(number(layout.width - layout.plotRight))\" y2=\"\(number(bottom))\"/>"
        let step = Self.tickStep(for: scale)
        var index = 0
        while Double(index) * step <= scale + 1e-9 {
            let t = Double(index) * step
            let x = x(t, layout)
            out +=
                "<line class=\"tick\" x1=\"\(number(x))\" y1=\"\(number(top))\" x2=\"\(number(x))\""
                + " y2=\"\(number(bottom + 4))\"/>"
            let anchor = index == 0 ? "start" : "middle"
            out +=
                "<text class=\"tick-label\" x=\"\(number(x))\" y=\"\(number(bottom + 18))\""
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
