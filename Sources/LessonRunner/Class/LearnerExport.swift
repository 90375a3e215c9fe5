import Foundation
import LessonCore

/// Writes the learner edition of a workshop: a copy of its folder without what
/// `LearnerEdition` leaves out, with a `.gitignore` that keeps `.lesson/answers/` (learners
/// commit their answers where they push) and, when the workshop has it, the learners'
/// grading workflow in `.github/workflows/grade.yml`.
package enum LearnerExport {
    /// What an export did.
    package struct Outcome: Sendable {
        /// Files written (relative paths).
        package var written: [String]
        /// Paths left out, each with why (a folder counts once).
        package var dropped: [(path: String, reason: String)]
    }

    /// Copies `workspace` into `destination`, which must not exist or be empty. Throws
    /// `UsageError` for a destination in use, `ToolError` when a file cannot be copied.
    package static func export(_ workspace: Workspace, to destination: String) throws -> Outcome {
        let manager = FileManager.default
        let target = URL(fileURLWithPath: destination).standardizedFileURL.path
        let root = URL(fileURLWithPath: workspace.root).standardizedFileURL.path
        if let existing = try? manager.contentsOfDirectory(atPath: target), !existing.isEmpty {
            throw UsageError("\(destination) is not empty; export the learner edition into a new folder")
        }
        guard target != root else { throw UsageError("export the learner edition into another folder") }
        var outcome = Outcome(written: [], dropped: [])
        try workspace.createDirectory(target)
        func walk(_ relative: String) throws {
            let source = relative.isEmpty ? root : "\(root)/\(relative)"
            let names = try manager.contentsOfDirectory(atPath: source).sorted()
            for name in names {
                let path = relative.isEmpty ? name : "\(relative)/\(name)"
                let full = "\(root)/\(path)"
                // The destination may lie inside the workshop: never copy it into itself.
                if full == target { continue }
                if let reason = LearnerEdition.reasonToDrop(path) {
                    outcome.dropped.append((path, reason))
                    continue
                }
                let attributes = try manager.attributesOfItem(atPath: full)
                switch attributes[.type] as? FileAttributeType {
                case .typeDirectory?:
                    try workspace.createDirectory("\(target)/\(path)")
                    try walk(path)
                case .typeRegular?:
                    do {
                        try manager.copyItem(atPath: full, toPath: "\(target)/\(path)")
                    } catch {
                        throw ToolError.io("cannot copy \(path): \(error.localizedDescription)")
                    }
                    outcome.written.append(path)
                default:
                    outcome.dropped.append((path, "not a plain file (a link or a device)"))
                }
            }
        }
        try walk("")
        try write(WorkshopLayout.learnerGitignore, to: "\(target)/.gitignore")
        if !outcome.written.contains(".gitignore") { outcome.written.append(".gitignore") }
        let workflow = "\(root)/docs/learner-grade.yml"
        if manager.fileExists(atPath: workflow) {
            try workspace.createDirectory("\(target)/.github/workflows")
            do {
                try manager.copyItem(atPath: workflow, toPath: "\(target)/.github/workflows/grade.yml")
            } catch {
                throw ToolError.io("cannot copy the grading workflow: \(error.localizedDescription)")
            }
            outcome.written.append(".github/workflows/grade.yml")
        }
        return outcome
    }
}
