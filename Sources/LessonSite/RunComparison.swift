/// Two or more runs of a lesson one above the other on the page's time scale, where the
/// lesson asks for it with an HTML comment of its own in the prose:
/// `<!-- compare: blocking-on-main sleeping-on-main -->`. Other markdown renderers show
/// nothing for the comment; the site replaces it with one timeline that has a lane per
/// snippet, and its table. A figure redraws whole lanes, so a page draws at most
/// `maxFigures` of them, each of at most `maxLanes` snippets: what a page costs stays linear
/// in the lesson, however many comments it holds.
enum RunComparison {
    static let opening = "<!-- compare:"
    /// The most comparisons one page draws.
    static let maxFigures = 16
    /// The most snippets one comparison draws.
    static let maxLanes = 8

    /// `html` with every comparison comment replaced by its figure. `lanes` holds the lane
    /// of each run snippet by id; `drawn` counts the figures drawn on the page so far.
    static func expand(_ html: String, lanes: [String: TimelineLane], timeline: Timeline, drawn: inout Int) -> String {
        guard html.contains(opening) else { return html }
        var out = ""
        var rest = Substring(html)
        while let start = rest.firstRange(of: opening),
            let end = rest[start.upperBound...].firstRange(of: "-->")
        {
            out += rest[..<start.lowerBound]
            let ids = rest[start.upperBound..<end.lowerBound].split { $0 == " " || $0 == "," || $0 == "\n" }
                .map(String.init)
            if drawn < maxFigures {
                out += figure(ids, lanes: lanes, timeline: timeline)
                drawn += 1
            } else {
                out += "<p class=\"muted\">(comparison not drawn: a page draws at most \(maxFigures))</p>\n"
            }
            rest = rest[end.upperBound...]
        }
        return out + rest
    }

    /// The comparison of the snippets `ids`, or a note naming those the lesson does not have.
    static func figure(_ ids: [String], lanes: [String: TimelineLane], timeline: Timeline) -> String {
        let unknown = ids.filter { lanes[$0] == nil }
        guard unknown.isEmpty, (2...maxLanes).contains(ids.count) else {
            let names =
                !unknown.isEmpty
                ? "no snippet \(unknown.joined(separator: ", "))"
                : ids.count < 2 ? "needs two snippets or more" : "draws at most \(maxLanes) snippets"
            return "<p class=\"muted\">(comparison not drawn: \(HTML.text(names)))</p>\n"
        }
        let chosen = ids.compactMap { id in
            lanes[id].map { lane in
                var lane = lane
                lane.title = "Snippet \(id)"
                return lane
            }
        }
        let names = ids.map { "<code>\(HTML.text($0))</code>" }
        let caption =
            "<p class=\"comparison-title\">" + names.dropLast().joined(separator: ", ") + " and \(names.last ?? "")"
            + ", one above the other on the same time scale</p>"
        guard let drawn = timeline.figure(chosen) else { return "" }
        return "<div class=\"comparison\">\(caption)\(drawn)</div>\n"
    }
}
