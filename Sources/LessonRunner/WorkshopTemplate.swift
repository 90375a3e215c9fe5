import EmbeddedSources
import Foundation

/// The new workshop `lesson init` writes: a sample lesson with timed snippets and one that
/// imports `LessonSupport`, and a sample quiz with starter, checks and solution, from the
/// template embedded in the binary.
package enum WorkshopTemplate {
    /// Writes the template into `directory`, never overwriting a file; returns how many files
    /// it wrote.
    package static func create(in directory: String) throws -> Int {
        guard let files = EmbeddedSources.files(in: "Workshop"), !files.isEmpty else {
            throw ToolError.io("this lesson binary carries no workshop template")
        }
        let existing = files.filter { FileManager.default.fileExists(atPath: "\(directory)/\($0.name)") }
        guard existing.isEmpty else {
            throw UsageError(
                "\(directory) already has \(existing.map(\.name).joined(separator: ", ")); "
                    + "choose an empty or new directory")
        }
        for file in files {
            let path = "\(directory)/\(file.name)"
            let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
            do {
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            } catch {
                throw ToolError.io("cannot create \(parent): \(error.localizedDescription)")
            }
            try write(file.text, to: path)
        }
        return files.count
    }
}
