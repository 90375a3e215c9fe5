/// Two or more runs of a lesson one above the other on the page's time scale, where the
/// lesson asks for it with an HTML comment of its own in the prose:
/// `<!-- compare: blocking-on-main sleeping-on-main -->`. Other markdown renderers show
/// nothing for the comment; the site replaces it with one timeline that has a lane per
/// snippet, and its table.
enum RunComparison {
    static let opening = "<!-- compare:"

    /// `html` with every comparison comment replaced by its figure. `lanes` holds the lane
    /// of each run snippet by id.
    static func expand(_ html: String, lanes: [String: TimelineLane], timeline: Timeline) -> String {
        guard html.contains(opening) else { return html }
        var out = ""
        var rest = Substring(html)
        while let start = rest.firstRange(of: opening),
            let end = rest[start.upperBound...].firstRange(of: "-->")
        {
            out += rest[..<start.lowerBound]
            let ids = rest[start.upperBound..<end.lowerBound].split { $0 == " " || $0 == "," || $0 == "\n" }
                .map(String.init)
            out += figure(ids, lanes: lanes, timeline: timeline)
            rest = rest[end.upperBound...]
        }
        return out + rest
    }

    /// The comparison of the snippets `ids`, or a note naming those the lesson does not have.
    static func figure(_ ids: [String], lanes: [String: TimelineLane], timeline: Timeline) -> String {
        let unknown = ids.filter { lanes[$0] == nil }
        guard unknown.isEmpty, ids.count >= 2 else {
            let names = unknown.isEmpty ? "needs two snippets or more" : "no snippet \(unknown.joined(separator: ", "))"
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
