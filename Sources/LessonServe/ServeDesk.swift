import Foundation
import LessonCore
import LessonRunner
import Synchronization

/// The person a request acts for, and where their workshop state lives: their edits, their
/// quiz answers, and (in a class) the record of their runs, grades and hints. Without
/// `--class` there is one desk, the owner's, whose edits and answers are the workshop's own
/// (`.lesson/edits/`, `.lesson/answers/`). In a class each learner (and the instructor) has
/// a desk of their own under `.lesson/class/FOLDER/`, and nothing a desk holds is reachable
/// from another.
struct Desk: Sendable {
    /// Who.
    let holder: RequestGuard.Holder
    /// The name shown to the instructor (empty for the owner).
    let name: String
    /// The desk's edits of snippets.
    let edits: EditStore
    /// In a class: the desk's folder (`.lesson/class/FOLDER`); nil for the owner.
    let folder: String?
    /// In a class: how the desk's runs and grades are confined; nil for the owner.
    let jail: LearnerJail?
    /// Held while the desk's record is changed and written: one change at a time per desk,
    /// while other desks write theirs.
    let recordLock = RecordLock()

    /// A lock of one desk's record.
    final class RecordLock: Sendable {
        let mutex = Mutex<Void>(())
    }

    /// The key this desk's runs wait under in the queue's round-robin.
    var queueOwner: String {
        switch holder {
        case .owner: "owner"
        case .instructor: "instructor"
        case .learner(let slot): "learner-\(slot)"
        }
    }

    /// The owner's desk over the workshop's own state directory.
    static func owner(stateDirectory: String) -> Desk {
        Desk(holder: .owner, name: "", edits: EditStore(stateDirectory: stateDirectory), folder: nil, jail: nil)
    }

    /// A desk in a class whose records live under `classDirectory`.
    static func seat(
        _ holder: RequestGuard.Holder, name: String, folder: String, classDirectory: String, jail: LearnerJail
    ) -> Desk {
        let path = "\(classDirectory)/\(folder)"
        return Desk(holder: holder, name: name, edits: EditStore(stateDirectory: path), folder: path, jail: jail)
    }
}

/// What a class learner did: the last activity, every run's outcome per lesson, hints seen,
/// and the last grade of each quiz as a gradebook row. Kept in `FOLDER/record.json`, written
/// whole through a temporary file that is synced and renamed (`EditStore.replaceFile`), so a
/// crash never leaves half a record and never loses one whose request was answered.
struct LearnerRecord: Codable, Sendable, Equatable {
    /// A run's outcome.
    struct Run: Codable, Sendable, Equatable {
        var at: String
        var lesson: String
        var snippet: String
        var status: String
        var edited: Bool
    }

    /// The learner's name.
    var name: String
    /// When the learner last did something, ISO 8601, and what.
    var lastActivity: String? = nil
    var lastWhat: String? = nil
    /// The last runs, oldest first (at most `keptRuns`).
    var runs: [Run] = []
    /// Per lesson stem, per snippet: the last run's status.
    var lessons: [String: [String: String]] = [:]
    /// Per quiz: how many hints the learner has opened.
    var hints: [String: Int] = [:]
    /// Per quiz: the last grade.
    var grades: [String: GradebookRow] = [:]

    /// How many runs are kept.
    static let keptRuns = 200

    init(name: String) {
        self.name = name
    }
}

extension ServeApp {
    /// The desk of `holder`; nil when the holder has no desk on this server.
    func desk(for holder: RequestGuard.Holder) -> Desk? {
        desks[holder]
    }

    /// The record of a class desk, read from its folder (empty when it has none yet).
    func record(of desk: Desk) -> LearnerRecord {
        guard let folder = desk.folder else { return LearnerRecord(name: desk.name) }
        if let cached = records.withLock({ $0[folder] }) { return cached }
        let read = (try? EditStore.readFile("\(folder)/record.json", folders: [folder]))?.flatMap {
            try? JSONDecoder().decode(LearnerRecord.self, from: Data($0.text.utf8))
        }
        let record = read ?? LearnerRecord(name: desk.name)
        records.withLock { $0[folder] = record }
        return record
    }

    /// Changes a class desk's record and writes it before returning (nothing for the owner's
    /// desk, whose workshop keeps its own records). Updates of one desk happen one at a time;
    /// different desks write at once.
    func updateRecord(of desk: Desk, what: String, _ change: (inout LearnerRecord) -> Void) {
        guard let folder = desk.folder, let classDirectory else { return }
        desk.recordLock.mutex.withLock { _ in
            var record = self.record(of: desk)
            change(&record)
            record.lastActivity = ISO8601DateFormatter().string(from: Date())
            record.lastWhat = what
            guard let text = try? JSONText.document(record) else { return }
            try? EditStore.replaceFile(
                "\(folder)/record.json", with: text, creating: [classDirectory, folder], mode: 0o600)
            records.withLock { $0[folder] = record }
        }
    }
}
