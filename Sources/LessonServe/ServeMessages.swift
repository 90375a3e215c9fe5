import Foundation
import LessonCore

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
        /// Every stamped expected line: when it should appear and how far off it may be.
        package var bands: [Band]
        /// The expected total run time, if the lesson gives one.
        package var elapsed: Band?
    }

    /// One expected moment: `expected` ± `window` seconds.
    package struct Band: Codable, Sendable {
        /// The expected line as written.
        package var text: String
        /// When, in seconds from the start.
        package var expected: Double
        /// How far off it may be, in seconds.
        package var window: Double
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
    }

    /// One line of a stream.
    package struct StreamEvent: Encodable, Sendable {
        /// `queued`, `started`, `compiled`, `line`, `lingered` (where a run's threads were when it
        /// lingered after its last line), `set-aside` (the lines so far belong to a
        /// run set aside, and it runs again), `check`, `done`, `changed` or `hello`.
        package var type: String
        /// `queued`: the place in the line (1 is next).
        package var position: Int? = nil
        /// `compiled`, `done`: whether the build came from the cache.
        package var cached: Bool? = nil
        /// Seconds the compile (or a check) took.
        package var seconds: Double? = nil
        /// `line`: seconds from the process start to the line.
        package var t: Double? = nil
        /// `line`: `stdout` or `stderr`.
        package var stream: String? = nil
        /// The text: an expected line as written, a hint's markdown, or an output line.
        package var text: String? = nil
        /// `done`: `pass`, `fail` or `error`; `check`: the check's verdict.
        package var status: String? = nil
        /// The message.
        package var message: String? = nil
        /// `check`: the check's name.
        package var name: String? = nil
        /// `check`: the lesson section that teaches it.
        package var hint: String? = nil
        /// `done` of a run: every check, as `lesson run --json` gives them.
        package var checks: [Check]? = nil
        /// `done`: compiler diagnostics placed in the editor.
        package var diagnostics: [EditorDiagnostic]? = nil
        /// `done` of a run: the run's wall time.
        package var elapsed: Double? = nil
        /// `done` of a run: the exit status.
        package var exitCode: Int32? = nil
        /// `done` of a run: the signal that ended it.
        package var signal: Int32? = nil
        /// `done` of a run: whether the timeout ended it.
        package var timedOut: Bool? = nil
        /// `done` of a grading: checks passed.
        package var passed: Int? = nil
        /// `done` of a grading: checks run.
        package var total: Int? = nil
        /// `changed`: the pages whose files changed.
        package var pages: [String]? = nil
        /// Why something could not be done.
        package var error: String? = nil

        /// An event of this type with no fields set.
        package init(type: String) {
            self.type = type
        }
    }

    /// `value` as one line of compact JSON, with its newline.
    package static func line(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Decodes a request body; nil when it is not that JSON.
    package static func decode<T: Decodable>(_ type: T.Type, from body: [UInt8]) -> T? {
        try? JSONDecoder().decode(type, from: Data(body.isEmpty ? Array("{}".utf8) : body))
    }
}
