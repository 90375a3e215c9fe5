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
        package var lesson: String
        package var id: String
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
        package var text: String
        package var expected: Double
        package var window: Double
    }

    /// A quiz answer as the page needs it.
    package struct AnswerState: Codable, Sendable {
        package var quiz: String
        package var code: String
        package var starter: String
        package var edited: Bool
        package var hints: Int
        /// Where the answer file is, as `lesson grade` would name it.
        package var answerFile: String
    }

    /// One hint of a quiz.
    package struct Hint: Codable, Sendable {
        package var number: Int
        package var count: Int
        package var text: String
    }

    /// A compiler diagnostic placed in the editor: `line` counts from the editor's first line
    /// (nil when it points elsewhere, e.g. into a prelude; then `file:fileLine` say where).
    package struct EditorDiagnostic: Codable, Sendable {
        package var line: Int?
        package var column: Int
        package var severity: String
        package var message: String
        package var file: String
        package var fileLine: Int
    }

    /// One line of a stream.
    package struct StreamEvent: Encodable, Sendable {
        /// `queued`, `started`, `compiled`, `line`, `check`, `done`, `changed` or `hello`.
        package var type: String
        package var position: Int? = nil
        package var cached: Bool? = nil
        package var seconds: Double? = nil
        package var t: Double? = nil
        package var stream: String? = nil
        package var text: String? = nil
        package var status: String? = nil
        package var message: String? = nil
        package var name: String? = nil
        package var hint: String? = nil
        package var checks: [Check]? = nil
        package var diagnostics: [EditorDiagnostic]? = nil
        package var elapsed: Double? = nil
        package var exitCode: Int32? = nil
        package var signal: Int32? = nil
        package var timedOut: Bool? = nil
        package var passed: Int? = nil
        package var total: Int? = nil
        package var pages: [String]? = nil
        package var error: String? = nil

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
