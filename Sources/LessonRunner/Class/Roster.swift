import Foundation
import LessonCore

#if canImport(Glibc)
    import Glibc
#endif

/// The submissions of a class: one folder per learner (the folder's name is the learner),
/// and in it the answers, found as `NN-slug/Answer.swift`, `NN-slug.swift`, `NN.swift` or,
/// in a learner's whole workshop folder, `.lesson/answers/NN-slug/Answer.swift` (the first
/// that exists wins, in that order). Every file is opened without following symbolic links,
/// from the folder down, so nothing outside SUBMISSIONS is ever read; nothing is written.
package struct Roster: Sendable {
    /// One learner × quiz as found on disk.
    package struct Entry: Sendable {
        /// What was found.
        package enum Answer: Sendable {
            /// An answer to grade: its text and the SHA-256 of its bytes.
            case text(String, hash: String)
            /// A file (or folder) that is refused, and why, on one line.
            case refused(String)
            /// No answer to this quiz.
            case missing
        }

        package var learner: String
        /// The quiz id, or the name the learner used when it names no quiz.
        package var quiz: String
        /// The file, relative to SUBMISSIONS (empty when missing).
        package var file: String
        package var answer: Answer
    }

    /// Largest answer file read, in bytes (1 MiB).
    package static let maximumAnswerBytes = 1 << 20

    /// The learners' rows, by learner, then quiz: one per known quiz, plus one per answer
    /// naming a quiz the workshop does not have.
    package var entries: [Entry]
    /// Things in SUBMISSIONS that are not learner folders (plain files), each on one line.
    package var notes: [String]

    /// Reads `directory`. Hidden entries (a name starting with `.`) are not learners. Throws
    /// `UsageError` when `directory` is not a readable folder.
    package static func scan(_ directory: String, quizzes: [Quiz]) throws(UsageError) -> Roster {
        let root = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else {
            throw UsageError("cannot read the submissions folder \(directory): \(String(cString: strerror(errno)))")
        }
        defer { close(root) }
        var entries: [Entry] = []
        var notes: [String] = []
        for name in listing(root) where name.first != UInt8(ascii: ".") {
            let shown = LearnerName.display(name)
            var info = stat()
            let path = Array("/proc/self/fd/\(root)/".utf8) + name + [0]
            let status = path.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { lstat($0.baseAddress!, &info) }
            }
            guard status == 0 else { continue }
            let kind = info.st_mode & S_IFMT
            func refuseAll(_ reason: String) {
                entries += quizzes.map { Entry(learner: shown, quiz: $0.id, file: shown, answer: .refused(reason)) }
            }
            if kind == S_IFLNK {
                refuseAll("\(shown): the learner folder is a symbolic link, refused (whatever it points at)")
                continue
            }
            guard kind == S_IFDIR else {
                notes.append("\(shown): not a folder, so not a learner; ignored")
                continue
            }
            if let problem = LearnerName.problem(name) {
                refuseAll(problem)
                continue
            }
            let folder = openBelow(
                root, String(decoding: name, as: UTF8.self), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard folder >= 0 else {
                refuseAll("\(shown): cannot open the learner folder: \(String(cString: strerror(errno)))")
                continue
            }
            defer { close(folder) }
            entries += learnerEntries(folder, learner: shown, quizzes: quizzes)
        }
        return Roster(entries: entries, notes: notes)
    }

    /// Where an answer may be, inside a learner's folder.
    private struct Candidate {
        /// Path components from the learner's folder.
        var components: [String]
        /// The name it gives the quiz: `04`, `04-slug`.
        var stem: String
        /// 0 for `NN-slug/Answer.swift` … 3 for `.lesson/answers/…`: lower wins.
        var rank: Int
    }

    private static func learnerEntries(_ folder: Int32, learner: String, quizzes: [Quiz]) -> [Entry] {
        var candidates: [Candidate] = []
        for name in listing(folder).compactMap({ String(validating: $0, as: UTF8.self) }) {
            guard name.first?.isASCII == true, name.first?.isNumber == true else { continue }
            if name.hasSuffix(".swift") {
                let stem = String(name.dropLast(".swift".count))
                candidates.append(Candidate(components: [name], stem: stem, rank: stem.contains("-") ? 1 : 2))
            } else if name.contains("-"), exists(folder, [name, "Answer.swift"]) {
                candidates.append(Candidate(components: [name, "Answer.swift"], stem: name, rank: 0))
            }
        }
        if let answers = openDirectory(folder, [WorkshopLayout.stateFolder, WorkshopLayout.answersFolder]) {
            for name in listing(answers).compactMap({ String(validating: $0, as: UTF8.self) })
            where name.first?.isNumber == true && exists(answers, [name, "Answer.swift"]) {
                candidates.append(
                    Candidate(
                        components: [WorkshopLayout.stateFolder, WorkshopLayout.answersFolder, name, "Answer.swift"],
                        stem: name, rank: 3))
            }
            close(answers)
        } else if exists(folder, [WorkshopLayout.stateFolder]) {
            // A `.lesson` or `.lesson/answers` that is a link (or a file) is refused, not skipped.
            if !isPlainDirectory(folder, [WorkshopLayout.stateFolder]) {
                candidates.append(Candidate(components: [WorkshopLayout.stateFolder], stem: "", rank: 3))
            } else if exists(folder, [WorkshopLayout.stateFolder, WorkshopLayout.answersFolder]) {
                candidates.append(
                    Candidate(
                        components: [WorkshopLayout.stateFolder, WorkshopLayout.answersFolder], stem: "", rank: 3))
            }
        }
        candidates.sort {
            ($0.rank, $0.components.joined(separator: "/")) < ($1.rank, $1.components.joined(separator: "/"))
        }
        func file(_ candidate: Candidate) -> String {
            ([learner] + candidate.components).joined(separator: "/")
        }
        var entries: [Entry] = []
        var claimed = Set<String>()
        for quiz in quizzes {
            let mine = candidates.filter {
                !$0.stem.isEmpty && Quiz.matches(id: quiz.id, $0.stem) && claims($0.stem, quiz)
            }
            for candidate in mine { claimed.insert(candidate.stem) }
            if let chosen = mine.first {
                entries.append(
                    Entry(
                        learner: learner, quiz: quiz.id, file: file(chosen),
                        answer: read(folder, chosen, shown: file(chosen))))
            } else if let odd = candidates.first(where: { $0.stem.isEmpty }) {
                entries.append(
                    Entry(
                        learner: learner, quiz: quiz.id, file: file(odd),
                        answer: .refused("\(file(odd)): a symbolic link or not a folder, refused")))
            } else {
                entries.append(Entry(learner: learner, quiz: quiz.id, file: "", answer: .missing))
            }
        }
        let known = quizzes.map(\.id).joined(separator: ", ")
        var unknown = Set<String>()
        for candidate in candidates where !candidate.stem.isEmpty && !claimed.contains(candidate.stem) {
            guard unknown.insert(candidate.stem).inserted else { continue }
            entries.append(
                Entry(
                    learner: learner, quiz: candidate.stem, file: file(candidate),
                    answer: .refused(
                        "\(file(candidate)): '\(candidate.stem)' names no quiz of this workshop (quizzes: \(known))")))
        }
        return entries
    }

    /// True when `stem` names `quiz` exactly: its number alone (`4`, `04`) or its full id; a
    /// number with another slug (`04-other`) names no quiz.
    private static func claims(_ stem: String, _ quiz: Quiz) -> Bool {
        stem.allSatisfy(\.isNumber) || stem == quiz.id
    }

    /// Reads one candidate: every component opened without following links.
    private static func read(_ folder: Int32, _ candidate: Candidate, shown: String) -> Entry.Answer {
        var directory = dup(folder)
        defer { close(directory) }
        for component in candidate.components.dropLast() {
            let next = openBelow(directory, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard next >= 0 else { return .refused(refusal(errno, shown: shown, component: component)) }
            close(directory)
            directory = next
        }
        let name = candidate.components.last!
        var info = stat()
        guard fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            return .refused("\(shown): cannot read it: \(String(cString: strerror(errno)))")
        }
        if info.st_mode & S_IFMT == S_IFLNK {
            return .refused("\(shown): a symbolic link, refused (whatever it points at)")
        }
        guard info.st_mode & S_IFMT == S_IFREG else { return .refused("\(shown): not a regular file, refused") }
        let descriptor = openBelow(directory, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return .refused(refusal(errno, shown: shown, component: name)) }
        defer { close(descriptor) }
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            return .refused("\(shown): not a regular file, refused")
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while bytes.count <= maximumAnswerBytes {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { return .refused("\(shown): cannot read it: \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        if bytes.count > maximumAnswerBytes {
            return .refused("\(shown): over 1 MiB, refused (an answer is a Swift file of a few KiB)")
        }
        if let invalid = InvalidUTF8.find(in: bytes) {
            let byte = String(invalid.byte, radix: 16, uppercase: true)
            return .refused("\(shown):\(invalid.line):\(invalid.column): not UTF-8 (byte 0x\(byte)); save it as UTF-8")
        }
        var hasher = SHA256()
        hasher.update(bytes)
        return .text(String(decoding: bytes, as: UTF8.self), hash: hasher.hexDigest())
    }

    private static func refusal(_ code: Int32, shown: String, component: String) -> String {
        if code == ELOOP || code == ENOTDIR {
            return "\(shown): '\(component)' is a symbolic link or not a folder, refused (whatever it points at)"
        }
        return "\(shown): cannot read it: \(String(cString: strerror(code)))"
    }

    /// True when `components` (from `directory`) name something, a link included.
    private static func exists(_ directory: Int32, _ components: [String]) -> Bool {
        var info = stat()
        return fstatat(directory, components.joined(separator: "/"), &info, AT_SYMLINK_NOFOLLOW) == 0
    }

    /// True when every component is a real folder (no link on the way).
    private static func isPlainDirectory(_ directory: Int32, _ components: [String]) -> Bool {
        guard let opened = openDirectory(directory, components) else { return false }
        close(opened)
        return true
    }

    /// Opens a folder below `directory` without following links; nil when any step is not
    /// a real folder.
    private static func openDirectory(_ directory: Int32, _ components: [String]) -> Int32? {
        var current = dup(directory)
        for component in components {
            let next = openBelow(current, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            close(current)
            guard next >= 0 else { return nil }
            current = next
        }
        return current
    }

    /// The names in a folder (not `.` and `..`), as raw bytes, sorted.
    private static func listing(_ directory: Int32) -> [[UInt8]] {
        let copy = dup(directory)
        guard copy >= 0, let stream = fdopendir(copy) else { return [] }
        defer { closedir(stream) }
        var names: [[UInt8]] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix { $0 != 0 })
            }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            names.append(name)
        }
        return names.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// `openat(2)`, which Swift cannot call (it is variadic): the folder's descriptor as a
    /// `/proc/self/fd/N` path, which the kernel resolves to that very folder, then `name`
    /// opened with the flags given (with `O_NOFOLLOW`, a link there is refused).
    private static func openBelow(_ directory: Int32, _ name: String, _ flags: Int32) -> Int32 {
        guard !name.contains("/") else {
            errno = EINVAL
            return -1
        }
        return open("/proc/self/fd/\(directory)/\(name)", flags)
    }
}
