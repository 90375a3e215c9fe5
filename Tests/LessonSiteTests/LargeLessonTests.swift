import LessonCore
import LessonSite
import Testing

/// Lessons far larger or deeper than a real one: a page costs time linear in its lesson, and
/// no snippet or prose can crash the renderer. Speed is judged by a ratio measured in one run
/// (a lesson and one eight times its size, each the best of three, interleaved), never by an
/// absolute time: linear rendering gives about 8, quadratic about 64.
@Suite(.serialized) struct LargeLessonTests {
    /// A lesson of about `size` bytes made of one repeated piece.
    static func lesson(_ shape: String, size: Int) -> String {
        var text = "---\ntitle: Large\nsummary: A large lesson.\n---\n\n# Large\n\n"
        var n = 0
        while text.utf8.count < size {
            n += 1
            switch shape {
            case "headings":
                text += "## Step\n\nA line of [prose][ref].\n\n"
            case "snippets":
                text +=
                    "[d\(n)]: https://example.com/\(n)\n\n## Snippet \(n)\n\n```swift id=s\(n)\nprint(\"\(n)\")\n```\n\n"
                    + "```output\n\(n)\n```\n\n"
            default:
                if n == 1 {
                    text +=
                        "```swift id=a\nprint(1)\n```\n\n```output\n" + String(repeating: "[0.1s] 1\n", count: 200)
                        + "```\n\n"
                    text += "```swift id=b\nprint(2)\n```\n\n```output\n2\n```\n\n"
                }
                text += "<!-- compare: a b -->\n\n"
            }
        }
        return text + "\n[ref]: https://example.com\n"
    }

    /// Parses and renders a lesson's site; returns the lesson page.
    static func render(_ source: String) -> String {
        let lesson = SiteLesson(stem: "01-large", document: LessonParser.document(source, path: "Lessons/01-large.md"))
        return LessonSite.render(lessons: [lesson], quizzes: []).first { $0.path == lesson.pageName }?.contents ?? ""
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    @Test(arguments: ["headings", "snippets", "compare"])
    func renderingTimeGrowsLinearlyWithTheLesson(shape: String) {
        let small = Self.lesson(shape, size: 25_000)
        let large = Self.lesson(shape, size: 200_000)
        let clock = ContinuousClock()
        var best = (small: Double.infinity, large: Double.infinity)
        for _ in 0..<3 {
            best.small = min(best.small, Self.seconds(clock.measure { _ = Self.render(small) }))
            best.large = min(best.large, Self.seconds(clock.measure { _ = Self.render(large) }))
        }
        let ratio = best.large / best.small
        #expect(ratio < 24, "8× the lesson took \(ratio)× the time (\(best.small)s, \(best.large)s)")
    }

    @Test func everyHeadingOfOneNameGetsItsOwnAnchorInOrder() {
        let page = Self.render(Self.lesson("headings", size: 20_000))
        let count = page.ranges(of: "<h2 id=\"step").count
        #expect(count > 500)
        #expect(page.contains("<h2 id=\"step\">"))
        #expect(page.contains("<h2 id=\"step-2\">"))
        #expect(page.contains("<h2 id=\"step-\(count)\">"))
        #expect(!page.contains("<h2 id=\"step-\(count + 1)\">"))
    }

    @Test func referenceLinksResolveInEveryPieceOfALesson() {
        let page = Self.render(Self.lesson("snippets", size: 20_000))
        #expect(!page.contains("[d1]:") && page.contains("<h2 id=\"snippet-1\">"))
        let source =
            "# T\n\nSee [the docs][d].\n\n```swift id=x\nprint(1)\n```\n\nAgain [the docs][d].\n\n[d]: https://example.com/d\n"
        let html = Self.render(source)
        #expect(html.ranges(of: "<a href=\"https://example.com/d\">the docs</a>").count == 2)
    }

    @Test func aPageDrawsABoundedNumberOfComparisons() {
        let page = Self.render(Self.lesson("compare", size: 20_000))
        #expect(page.ranges(of: "<div class=\"comparison\">").count == 16)
        #expect(page.contains("(comparison not drawn: a page draws at most 16)"))
    }

    /// About 10 KB of `"\(` in a snippet crashed `lesson site` when the highlighter recursed
    /// once per interpolation; a skipped snippet and a code block in a list are highlighted too.
    @Test func deeplyNestedInterpolationsInSnippetsAndProseRender() {
        let deep = String(repeating: #""\("#, count: 50_000)
        let source = "# Deep\n\n```swift id=deep skip\n\(deep)\n```\n\n- In a list:\n\n  ```swift\n  \(deep)\n  ```\n"
        let page = Self.render(source)
        #expect(page.ranges(of: #"<span class="esc">\(</span>"#).count == 100_000)
    }
}
