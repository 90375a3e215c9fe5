import Foundation
import LessonCore
import LessonSite
import Testing

/// The site's timeline against the checks: every mark's class (on time, late, unexpected)
/// must be what the checks of the same run say, both for a live report and for one read
/// back from a recorded run (which carries no pairing).
enum TimelineAgreement {
    /// Records an issue for every snippet of `report` whose timeline disagrees with its checks.
    static func expect(_ lesson: Lesson, _ report: LessonReport, sourceLocation: SourceLocation = #_sourceLocation) {
        let timeline = Timeline(scale: 10)
        for snippetReport in report.snippets {
            guard let run = snippetReport.run, let snippet = lesson.snippets.first(where: { $0.id == snippetReport.id })
            else { continue }
            let live = TimelineMarks(snippet, lines: run.lines, matches: snippetReport.matches).classes
            let recorded = TimelineMarks(snippet, lines: run.lines, matches: BlockMatch.all(snippet, run)).classes
            #expect(live == recorded, "\(snippet.id): a recorded run draws differently", sourceLocation: sourceLocation)
            let fromChecks = counts(snippetReport.checks)
            let drawn = (
                onTime: live.count { $0 == .onTime }, late: live.count { $0 == .late },
                unexpected: live.count { $0 == .unexpected }
            )
            #expect(
                drawn == fromChecks, "\(lesson.path) \(snippet.id): timeline \(drawn), checks \(fromChecks)",
                sourceLocation: sourceLocation)
            let svg = timeline.svg(snippet, run, matches: snippetReport.matches) ?? ""
            let inSVG = (
                onTime: svg.occurrences(of: " on-time\""), late: svg.occurrences(of: " late\""),
                unexpected: svg.occurrences(of: " unexpected\"")
            )
            #expect(inSVG == fromChecks, "\(snippet.id): the SVG draws \(inSVG)", sourceLocation: sourceLocation)
        }
    }

    /// What the checks say: stamped lines on time and late, and lines a block did not allow.
    static func counts(_ checks: [Check]) -> (onTime: Int, late: Int, unexpected: Int) {
        var onTime = 0
        var late = 0
        var unexpected = 0
        for check in checks {
            switch check.kind {
            case .timing where check.pass:
                onTime += Int(check.message.prefix { $0.isNumber }) ?? 0
            case .timing:
                let rows = check.diff ?? []
                late += rows.count { $0.kind == .late }
                onTime += rows.count { $0.kind == .same && ExpectedLine.looksStamped($0.expected ?? "") }
            case .output,
                .stderr where !check.pass:
                unexpected += (check.diff ?? []).count { $0.kind == .unexpected && $0.t != nil }
            default:
                continue
            }
        }
        return (onTime, late, unexpected)
    }
}

extension String {
    /// How many times `needle` occurs.
    fileprivate func occurrences(of needle: String) -> Int {
        components(separatedBy: needle).count - 1
    }
}
