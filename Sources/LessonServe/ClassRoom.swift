import Foundation
import LessonCore
import LessonRunner

/// The room `lesson serve --class ROSTER` hosts: the learners of the roster, each with a
/// token of their own, and the instructor's token. A learner's token opens that learner's
/// session only; the instructor's opens the instructor's view.
package struct ClassRoom: Sendable {
    /// One learner of the roster.
    package struct Learner: Sendable, Equatable {
        /// The learner's position in the roster, from 0 (their `LearnerJail` slot).
        package var slot: Int
        /// The name as the roster spells it.
        package var name: String
        /// The token in the learner's own URL.
        package var token: ServeToken

        package init(slot: Int, name: String, token: ServeToken) {
            self.slot = slot
            self.name = name
            self.token = token
        }

        /// How this learner's runs and grades are confined.
        package var jail: LearnerJail { LearnerJail(slot: slot, name: name) }

        /// The learner's folder name under `.lesson/class/`: the name with every byte that is
        /// not a letter, digit, `-` or `_` written as `%XX`, so two names never share a
        /// folder and no name can climb out of it.
        package var folder: String { Self.folder(for: name) }

        /// The folder name for `name` (see `folder`).
        package static func folder(for name: String) -> String {
            var out = ""
            for byte in name.utf8 {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                    out.unicodeScalars.append(Unicode.Scalar(byte))
                default:
                    let hex = String(byte, radix: 16, uppercase: true)
                    out += "%" + (byte < 16 ? "0" : "") + hex
                }
            }
            return out
        }
    }

    /// The learners, in roster order.
    package var learners: [Learner]
    /// The token in the instructor's URL.
    package var instructorToken: ServeToken

    package init(learners: [Learner], instructorToken: ServeToken) {
        self.learners = learners
        self.instructorToken = instructorToken
    }

    /// The name the instructor's line carries, which no learner may take.
    package static let instructorName = "instructor"

    /// A roster's problem: where, and what.
    package struct Problem: Sendable, Equatable, CustomStringConvertible {
        package var line: Int
        package var column: Int
        package var message: String

        /// `line:col: error: message`, without the file.
        package var description: String { "\(line):\(column): error: \(message)" }
    }

    /// The learner names of a roster's text: one per line; empty lines and lines starting
    /// with `#` are skipped; a line ending in CR is read without it. A name a learner folder
    /// could not have (`LearnerName.problem`), the instructor's own name, or a name given
    /// twice is a problem; every problem is returned, none stops the reading.
    package static func parse(_ bytes: [UInt8]) -> (names: [String], problems: [Problem]) {
        var names: [String] = []
        var problems: [Problem] = []
        var firstLine: [String: Int] = [:]
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
        if lines.last == [] { lines.removeLast() }
        for (index, raw) in lines.enumerated() {
            let number = index + 1
            var line = raw
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            let trimmed = line.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            if trimmed.isEmpty || trimmed.first == UInt8(ascii: "#") { continue }
            if let problem = LearnerName.problem(line) {
                let why = problem.replacingOccurrences(of: "the learner folder's name", with: "the name")
                    .replacingOccurrences(of: "; rename the folder", with: "")
                let column =
                    line.first == UInt8(ascii: " ") || line.first == UInt8(ascii: "\t")
                    ? 1 : (InvalidUTF8.find(in: line)?.column ?? 1)
                problems.append(Problem(line: number, column: column, message: why))
                continue
            }
            let name = String(decoding: line, as: UTF8.self)
            if name == instructorName {
                problems.append(
                    Problem(
                        line: number, column: 1,
                        message: "'\(instructorName)' names the instructor's own line; give the learner another name"))
                continue
            }
            if let earlier = firstLine[name] {
                problems.append(
                    Problem(
                        line: number, column: 1, message: "'\(name)' is on the roster twice (first on line \(earlier))")
                )
                continue
            }
            firstLine[name] = number
            names.append(name)
        }
        if names.isEmpty, problems.isEmpty {
            problems.append(Problem(line: 1, column: 1, message: "the roster names no learner (one name per line)"))
        }
        return (names, problems)
    }
}

extension ClassRoom {
    /// A roster that cannot be read, or that has problems: each line `ROSTER:LINE:COL: error: …`.
    package struct RosterError: Error, CustomStringConvertible {
        package var description: String
    }

    /// Reads the roster at `path` into a room whose tokens are those kept in
    /// `STATE/class/tokens.json` for names seen before (so a restarted server keeps every
    /// URL) and fresh random ones for the rest; `instructorToken` fixes the instructor's
    /// (else it too is kept). Writes the tokens back (mode 0600, atomically). Throws
    /// `RosterError` listing every problem of the roster.
    package static func load(rosterPath path: String, stateDirectory: String, instructorToken: ServeToken?) throws
        -> ClassRoom
    {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RosterError(description: "\(path): cannot read the roster")
        }
        let (names, problems) = parse(Array(data))
        guard problems.isEmpty else {
            throw RosterError(description: problems.map { "\(path):\($0)" }.joined(separator: "\n"))
        }
        let directory = "\(stateDirectory)/class"
        for folder in [stateDirectory, directory] {
            try EditStore.refuseLinks([folder])
            if mkdir(folder, 0o700) != 0, errno != EEXIST {
                throw EditStore.Problem.io("cannot create \(folder): \(String(cString: strerror(errno)))")
            }
        }
        chmod(directory, 0o700)
        let file = "\(directory)/tokens.json"
        var kept: [String: String] = [:]
        if let (text, _) = try EditStore.readFile(file, folders: [directory]),
            let decoded = try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))
        {
            kept = decoded.filter { $0.value.utf8.count == 64 }
        }
        func token(_ name: String) -> ServeToken { kept[name].map(ServeToken.init(text:)) ?? .random() }
        let instructor = instructorToken ?? token("\u{0}instructor")
        let learners = names.enumerated().map { Learner(slot: $0.offset, name: $0.element, token: token($0.element)) }
        var table = Dictionary(uniqueKeysWithValues: learners.map { ($0.name, $0.token.text) })
        table["\u{0}instructor"] = instructor.text
        try EditStore.replaceFile(file, with: try JSONText.document(table), creating: [], mode: 0o600)
        return ClassRoom(learners: learners, instructorToken: instructor)
    }

    /// Writes `lines` (the printed `NAME URL` lines) to `STATE/class/urls.txt`, readable by
    /// its owner only (mode 0600), and returns the path.
    package static func writeURLs(_ lines: [String], stateDirectory: String) throws -> String {
        let file = "\(stateDirectory)/class/urls.txt"
        try EditStore.replaceFile(file, with: lines.joined(separator: "\n") + "\n", creating: [], mode: 0o600)
        return file
    }

    /// The origin of a `--public-url` (`https://host.example`, `http://host:8080`), without a
    /// trailing slash; nil when `text` is not an http(s) URL with a host and nothing after it.
    package static func publicOrigin(_ text: String) -> String? {
        var text = text.lowercased()
        while text.hasSuffix("/") { text.removeLast() }
        for scheme in ["https://", "http://"] where text.hasPrefix(scheme) {
            let host = text.dropFirst(scheme.count)
            let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-.:[]")
            guard !host.isEmpty, host.allSatisfy({ allowed.contains($0) }), host.first != ":" else { return nil }
            return text
        }
        return nil
    }
}
