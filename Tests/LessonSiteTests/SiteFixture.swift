import Foundation
import LessonCore
import LessonSite

/// A small lesson, a recorded run of it and a quiz, as values: what the golden and link tests
/// render.
enum SiteFixture {
    static let lessonSource = #"""
        ---
        title: Fixture "quotes" & <tags>
        summary: A tiny lesson that exercises every part of a lesson page.
        ---

        # Fixture lesson

        Some *prose* with a [reference link][ref] and `inline <code>`.

        ```swift prelude
        func wait(_ ms: Int) async throws {
            try await Task.sleep(for: .milliseconds(ms))
        }
        ```

        ## One after another

        ```swift id=serial
        // snippet.hide
        let hiddenSecret = 42
        // snippet.show
        for n in 1...3 {
            try await wait(500)
            print("step \(n)")
        }
        ```

        ```output elapsed=1.5s
        [0.5s] step 1
        [1.0s] step 2
        [1.5s] step 3
        ```

        ## All at once

        ```swift id=together
        @MainActor func report() { print("<script>alert(1)</script>") }
        async let a: Void = wait(500)
        async let b: Void = wait(500)
        _ = try await (a, b)
        await report()
        print("done")
        ```

        ```output
        <script>alert(1)</script>
        [0.5s] done
        ```

        ```stderr unordered
        warning & note
        ```

        ## Mistakes

        ```swift compile-fail
        func f() async {}
        f()
        ```

        ```diagnostics
        expression is 'async' but is not marked with 'await'
        ```

        1. Try this in a list:

           ```swift skip
           let text = """
               multi-line \(1 + 2)
               """
           ```

        <!-- compare: serial together -->

        [ref]: https://example.com/ref "Ref"
        """#

    static var lesson: SiteLesson {
        SiteLesson(
            stem: "01-fixture", document: LessonParser.document(lessonSource, path: "Lessons/01-fixture.md"),
            recorded: recorded)
    }

    static var recorded: RecordedRun {
        let serial = RunResult(
            lines: [
                OutputLine(t: 0.503, stream: .stdout, text: "step 1"),
                OutputLine(t: 1.006, stream: .stdout, text: "step 2"),
                OutputLine(t: 1.508, stream: .stdout, text: "step 3"),
            ], exitCode: 0, signal: nil, elapsed: 1.51, timedOut: false)
        let together = RunResult(
            lines: [
                OutputLine(t: 0.502, stream: .stdout, text: "<script>alert(1)</script>"),
                OutputLine(t: 0.505, stream: .stderr, text: "warning & note"),
                OutputLine(t: 0.9, stream: .stdout, text: "done"),
            ], exitCode: 0, signal: nil, elapsed: 0.91, timedOut: false)
        let compiled = CompileResult(succeeded: true, cached: false, seconds: 0.31, diagnostics: [], output: "")
        let failedCompile = CompileResult(
            succeeded: false, cached: true, seconds: 0.2,
            diagnostics: [
                CompilerDiagnostic(
                    file: "Lessons/01-fixture.md", line: 58, column: 1, severity: .error,
                    message: "expression is 'async' but is not marked with 'await'")
            ], output: "")
        let snippets = [
            SnippetReport(id: "1", line: 10, mode: .prelude, status: .skipped),
            SnippetReport(
                id: "serial", line: 18, mode: .run, status: .pass, compile: compiled, run: serial,
                checks: [
                    Check(kind: .output, pass: true, message: "3 lines matched"),
                    Check(kind: .timing, pass: true, message: "3 timed lines on time"),
                ]),
            SnippetReport(
                id: "together", line: 36, mode: .run, status: .fail, compile: compiled, run: together,
                checks: [
                    Check(kind: .output, pass: true, message: "2 lines matched"),
                    Check(
                        kind: .timing, pass: false, message: "'done' appeared at 0.90s, expected 0.50s ±0.15s",
                        diff: [
                            DiffLine(
                                kind: .same, expected: "<script>alert(1)</script>", actual: "<script>alert(1)</script>",
                                t: 0.502),
                            DiffLine(kind: .late, expected: "[0.5s] done", actual: "done", t: 0.9),
                        ]),
                ]),
            SnippetReport(
                id: "4", line: 57, mode: .compileFail, status: .pass, compile: failedCompile,
                checks: [Check(kind: .diagnostics, pass: true, message: "1 expected error found")]),
            SnippetReport(id: "5", line: 69, mode: .skip, status: .skipped),
        ]
        return RecordedRun(
            recordedAt: "2026-01-02T03:04:05Z", host: "Linux x86_64, 2 cores",
            report: LessonReport(path: "Lessons/01-fixture.md", title: "Fixture", snippets: snippets))
    }

    /// A second lesson that was never run.
    static var unrecorded: SiteLesson {
        let source = "# Second\n\nNo front matter, one snippet.\n\n```swift\nprint(\"hi\")\n```\n\n```output\nhi\n```\n"
        return SiteLesson(stem: "02-second", document: LessonParser.document(source, path: "Lessons/02-second.md"))
    }

    static var quiz: SiteQuiz {
        SiteQuiz(
            stem: "01-fixture-quiz",
            readme: """
                ---
                title: Run many at once
                summary: Fetch every URL at the same time.
                hints:
                  - Start every fetch before awaiting any.
                  - "A task group keeps results in completion order: `withThrowingTaskGroup`."
                ---

                # Run many at once

                Write `fetchAll(_:)` so it takes as long as the slowest fetch.
                """,
            starter: "func fetchAll(_ urls: [String]) async throws -> [String] {\n    [] // TODO\n}\n")
    }

    /// A quiz graded once, with the record `lesson grade` keeps under `.lesson/grades/`.
    static var gradedQuiz: SiteQuiz {
        let record = #"""
            {"quiz": "02-graded", "gradedAt": "2026-01-03T10:20:30Z", "answer": ".lesson/answers/02-graded/Answer.swift",
             "status": "fail", "passed": 3, "total": 5}
            """#
        return SiteQuiz(
            stem: "02-graded", readme: "# First answer wins\n\nReturn the first server's answer.\n",
            grade: try? JSONDecoder().decode(GradeRecord.self, from: Data(record.utf8)))
    }

    /// The rendered fixture site.
    static var site: [SiteFile] {
        LessonSite.render(lessons: [lesson, unrecorded], quizzes: [quiz, gradedQuiz])
    }
}
