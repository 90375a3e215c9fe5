import CommonMark
import Foundation

/// `lesson markdown --batch` and `--benchmark` as library calls: the JSON the conformance
/// script speaks, and the renderer's time per pass over a spec file's examples.
package enum MarkdownTools {
    /// Renders a JSON array of markdown strings to a JSON array of HTML strings; nil when the
    /// input is not such an array.
    package static func batch(_ input: Data) -> Data? {
        guard let inputs = try? JSONSerialization.jsonObject(with: input) as? [String] else { return nil }
        return try? JSONSerialization.data(withJSONObject: inputs.map(CommonMark.renderHTML))
    }

    /// The markdown examples of a spec file: a JSON array of strings, or of objects with a
    /// `markdown` field; nil when the file is unreadable or not such an array.
    package static func examples(in path: String) -> [String]? {
        guard let data = FileManager.default.contents(atPath: path),
            let json = try? JSONSerialization.jsonObject(with: data) as? [Any]
        else { return nil }
        return json.compactMap { item -> String? in
            if let text = item as? String { return text }
            return (item as? [String: Any])?["markdown"] as? String
        }
    }

    /// Renders every input `passes` times; the one line `lesson markdown --benchmark` prints:
    /// the median and the best time per pass, and the bytes rendered.
    package static func benchmark(_ inputs: [String], passes: Int) -> String {
        var bytes = 0
        for input in inputs { bytes += CommonMark.renderHTML(input).utf8.count }
        let clock = ContinuousClock()
        var times: [Double] = []
        for _ in 0..<passes {
            let elapsed = clock.measure {
                for input in inputs { bytes &+= CommonMark.renderHTML(input).utf8.count }
            }
            times.append(
                Double(elapsed.components.seconds) * 1000
                    + Double(elapsed.components.attoseconds) / 1e15)
        }
        times.sort()
        return String(
            format:
                "markdown benchmark: %d examples, %d passes: median %.3f ms/pass, best %.3f ms/pass (%d bytes)\n",
            inputs.count, passes, times[times.count / 2], times[0], bytes)
    }
}
