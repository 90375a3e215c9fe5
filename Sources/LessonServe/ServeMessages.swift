import Foundation
import LessonCore
import LessonRunner

/// The JSON bodies `lesson serve` reads and writes. Streams are JSON lines
/// (`application/x-ndjson`): one `StreamEvent` object per line, sent as it happens.
package enum ServeMessages {
    /// A body that carries code: an edit, a run of edited code, an answer.
    package struct Code: Codable, Sendable {
        /// The code; nil in a run means "the stored edit, else the lesson's code".
        package var code: String?
    }

    /// A snippet as the editor needs it.
    package struct SnippetState: Codable, Sendable {
        /// The lesson's file stem, e.g. `04-gather`.
        package var lesson: String
        /// The snippet's id.
        package var id: String
        /// `run`, `compile`, `compile-fail`, `skip` or `prelude`.
        package var mode: String
        /// The code the page shows: the stored edit, else the lesson's code.
        package var code: String
        /// The lesson's own code.
        package var original: String
        /// Whether a stored edit differs from the lesson's code.
        package var edited: Bool
        /// Whether the snippet can be run from the page.
        package var runnable: Bool
        /// Whether "save to lesson" is offered (`--author`).
        package var author: Bool
    }

    /// A quiz answer as the page needs it.
    package struct AnswerState: Codable, Sendable {
        /// The quiz's directory name, e.g. `04-lazy-connection`.
        package var quiz: String
        /// The code shown: the answer file, else the starter.
        package var code: String
        /// The quiz's starter.
        package var starter: String
        /// Whether the answer differs from the starter.
        package var edited: Bool
        /// How many hints the quiz has.
        package var hints: Int
        /// Where the answer file is, as `lesson grade` would name it.
        package var answerFile: String
        /// In a class: how many hints this learner has opened (the page shows them again).
        package var hintsSeen: Int? = nil
    }

    /// One hint of a quiz.
    package struct Hint: Codable, Sendable {
        /// Which hint (from 1).
        package var number: Int
        /// How many hints there are.
        package var count: Int
        /// The text: an expected line as written, a hint's markdown, or an output line.
        package var text: String
    }

    /// A compiler diagnostic placed in the editor: `line` counts from the editor's first line
    /// (nil when it points elsewhere, e.g. into a prelude; then `file:fileLine` say where).
    package struct EditorDiagnostic: Codable, Sendable {
        /// The line in the editor (from 1); nil when the diagnostic points elsewhere.
        package var line: Int?
        /// The column (from 1).
        package var column: Int
        /// `error`, `warning` or `note`.
        package var severity: String
        /// The message.
        package var message: String
        /// The file the compiler named.
        package var file: String
        /// The line in that file.
        package var fileLine: Int
        /// Where, as the page says it: `line 5:5 (06-task-locals.md:96)` in the editor, else
        /// `FILE:LINE:COLUMN`.
        package var place: String? = nil
    }

    /// A snippet's check as the page shows it: every location in the editor's coordinates
    /// (`place` says where the check looks, with the file's line in parentheses), and the
    /// expected-versus-actual rows the terminal shows.
    package struct PageCheck: Encodable, Sendable {
        /// `compile`, `exit`, `output`, `timing`, …
        package var kind: String
        package var pass: Bool
        /// The check's sentence, its lines named as the page shows them.
        package var message: String
        /// Where the check looks, e.g. `the expected output (04-gather.md:88)`; nil for the
        /// editor's code as a whole.
        package var place: String?
        /// Expected against actual, row by row (as `lesson run` prints them).
        package var diff: [DiffLine]?
    }

    /// One check of a grade as the page shows it: what `lesson grade` prints for it, with the
    /// lesson section as the page's link.
    package struct GradeCheck: Encodable, Sendable {
        package var name: String
        /// `pass`, `fail` or `error` (error: not judged, e.g. held back by the machine).
        package var status: String
        package var message: String
        package var hint: String
        /// The lesson section's page, `NN-slug.html#anchor`; nil when the check names none.
        package var link: String?
        /// The lesson section as the terminal names it, `Lessons/NN-slug.md#anchor`.
        package var lesson: String?
        /// Runs set aside because the machine held them back, in the terminal's words.
        package var setAside: [String]?
        /// Where the answer's threads were when it outlived its verdict, in the terminal's words.
        package var lingered: String?
        /// The last lines the answer printed while the check ran.
        package var output: [String]?
    }

    /// One line of a stream, or the body of a refusal. Encoded as one JSON object whose `type`
    /// says which (`queued`, `started`, `compiled`, `line`, `lingered`, `set-aside`, `check`, `done`,
    /// `error`), with the fields that case carries and no others.
    package enum StreamEvent: Encodable, Sendable {
        /// Waiting for a slot; `position` 1 is next.
        case queued(position: Int)
        /// The run or grading has a slot.
        case started
        /// The snippet compiled (`cached`: the build came from the cache).
        case compiled(cached: Bool)
        /// An output line: seconds from the process start, `stdout` or `stderr`, the text.
        case line(t: Double, stream: String, text: String)
        /// The lines so far belong to a run set aside, and it runs again; why, in words.
        case setAside(message: String)
        /// The run's timeline as it stands (`html`: the static site's figure, drawn by the
        /// site's renderer): sent when the run starts, after each line and when a run is set
        /// aside; the page shows it in place of the last one.
        case timeline(html: String)
        /// The run lingered after its last line (or was stopped at its timeout): where its
        /// threads were, in the terminal's words.
        case lingered(message: String)
        /// A quiz check's verdict (`name`, `status`, `message`, the lesson section that
        /// teaches it as `hint`, and how long it took).
        case check(name: String, status: String, message: String, hint: String, seconds: Double)
        /// A run ended (`done`).
        case ran(Ran)
        /// A grading ended (`done`).
        case graded(Graded)
        /// A run or grading could not be done (`done` with status `error`).
        case failed(error: String)
        /// A request was refused (`error`), as the body of a 4xx answer.
        case error(String)

        /// How a run ended.
        package struct Ran: Sendable {
            /// `pass`, `fail` or `error`.
            package var status: String
            /// Every check of the run, in the editor's coordinates (`PageCheck`).
            package var checks: [PageCheck]
            /// Why it could not be run, if so.
            package var error: String?
            /// Seconds the compile took, and whether it came from the cache.
            package var seconds: Double?
            package var cached: Bool?
            /// Compiler diagnostics placed in the editor.
            package var diagnostics: [EditorDiagnostic]
            /// The run's timeline as the static site draws it for this run (HTML), if it has one.
            package var timeline: String? = nil
            /// The run's wall time, exit status, signal and whether the timeout ended it.
            package var elapsed: Double? = nil
            package var exitCode: Int32? = nil
            package var signal: Int32? = nil
            package var timedOut: Bool? = nil

            /// A run's end; the process's facts are set after, when it ran.
            package init(
                status: String, checks: [PageCheck], error: String?, seconds: Double?, cached: Bool?,
                diagnostics: [EditorDiagnostic]
            ) {
                self.status = status
                self.checks = checks
                self.error = error
                self.seconds = seconds
                self.cached = cached
                self.diagnostics = diagnostics
            }
        }

        /// How a grading ended.
        package struct Graded: Sendable {
            /// `pass`, `fail` or `error`.
            package var status: String
            /// What went wrong, in words, if anything.
            package var message: String?
            /// Checks passed, and checks run.
            package var passed: Int
            package var total: Int
            /// Compiler diagnostics placed in the editor.
            package var diagnostics: [EditorDiagnostic]
            /// Every check, with its message, hint, lesson link, set-aside runs and output.
            package var checks: [GradeCheck]? = nil
            /// The seed the checks drew their inputs from (its digits: a 64-bit number is more than a
            /// JavaScript number holds exactly), and the command that replays them.
            package var seed: String? = nil
            package var replay: String? = nil
            /// Compiler warnings about the answer, as `lesson grade` prints them.
            package var warnings: [String]? = nil

            /// A grading's end.
            package init(status: String, message: String?, passed: Int, total: Int, diagnostics: [EditorDiagnostic]) {
                self.status = status
                self.message = message
                self.passed = passed
                self.total = total
                self.diagnostics = diagnostics
            }
        }

        /// Encodes the case's fields (sorted, nil ones left out) beside its `type`.
        package func encode(to encoder: any Encoder) throws {
            try wire.encode(to: encoder)
        }

        /// The flat object on the wire.
        private var wire: Wire {
            switch self {
            case .queued(let position): Wire(type: "queued", position: position)
            case .started: Wire(type: "started")
            case .compiled(let cached): Wire(type: "compiled", cached: cached)
            case .line(let t, let stream, let text): Wire(type: "line", t: t, stream: stream, text: text)
            case .setAside(let message): Wire(type: "set-aside", message: message)
            case .timeline(let html): Wire(type: "timeline", html: html)
            case .lingered(let message): Wire(type: "lingered", message: message)
            case .check(let name, let status, let message, let hint, let seconds):
                Wire(type: "check", seconds: seconds, status: status, message: message, name: name, hint: hint)
            case .ran(let ran):
                Wire(
                    type: "done", cached: ran.cached, seconds: ran.seconds, status: ran.status, checks: ran.checks,
                    diagnostics: ran.diagnostics, elapsed: ran.elapsed, exitCode: ran.exitCode, signal: ran.signal,
                    timedOut: ran.timedOut, timeline: ran.timeline, error: ran.error)
            case .graded(let graded):
                Wire(
                    type: "done", status: graded.status, message: graded.message, diagnostics: graded.diagnostics,
                    passed: graded.passed, total: graded.total, gradeChecks: graded.checks, seed: graded.seed,
                    replay: graded.replay, warnings: graded.warnings)
            case .failed(let error): Wire(type: "done", status: "error", error: error)
            case .error(let error): Wire(type: "error", error: error)
            }
        }

        /// Every field any case has; the encoder leaves out the nil ones.
        private struct Wire: Encodable {
            var type: String
            var position: Int? = nil
            var cached: Bool? = nil
            var seconds: Double? = nil
            var t: Double? = nil
            var stream: String? = nil
            var text: String? = nil
            var status: String? = nil
            var message: String? = nil
            var name: String? = nil
            var hint: String? = nil
            var checks: [PageCheck]? = nil
            var diagnostics: [EditorDiagnostic]? = nil
            var elapsed: Double? = nil
            var exitCode: Int32? = nil
            var signal: Int32? = nil
            var timedOut: Bool? = nil
            var passed: Int? = nil
            var total: Int? = nil
            var gradeChecks: [GradeCheck]? = nil
            var seed: String? = nil
            var replay: String? = nil
            var warnings: [String]? = nil
            var timeline: String? = nil
            var html: String? = nil
            var error: String? = nil

            enum CodingKeys: String, CodingKey {
                case type, position, cached, seconds, t, stream, text, status, message, name, hint, checks
                case diagnostics, elapsed, exitCode, signal, timedOut, passed, total, seed, replay, warnings, error
                case timeline, html
                case gradeChecks = "results"
            }
        }
    }

    /// `value` as one line of compact JSON, with its newline.
    package static func line(_ value: some Encodable) -> String {
        let data = (try? JSONText.line(value)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Decodes a request body; nil when it is not that JSON.
    package static func decode<T: Decodable>(_ type: T.Type, from body: [UInt8]) -> T? {
        try? JSONDecoder().decode(type, from: Data(body.isEmpty ? Array("{}".utf8) : body))
    }
}
