import CJudge
import Foundation
import LessonCore

/// The toolchain's own parse of an answer: `swiftc -dump-ast -dump-ast-format json`
/// on the answer file alone, as module `AnswerPolicy.moduleName`, cached by a hash of the
/// answer and the compiler, so a warm grade never starts the parser.
package enum AnswerParser {
    /// The JSON dump, or nil when the answer does not type-check on its own (then either it
    /// does not compile at all, or it uses names of the grading code).
    package static func parse(_ answer: String, toolchain: Toolchain, cacheDirectory: String) async throws -> String? {
        var hasher = SHA256()
        hasher.update(field: "lesson-answer-parse-1")
        hasher.update(field: toolchain.identity)
        hasher.update(field: answer)
        let key = hasher.hexDigest()
        let entry = "\(cacheDirectory)/parse-\(key).json"
        let failed = "\(cacheDirectory)/parse-\(key).fails"
        if let data = FileManager.default.contents(atPath: entry) { return String(decoding: data, as: UTF8.self) }
        if FileManager.default.fileExists(atPath: failed) { return nil }
        // A scratch folder as every build makes one: an interrupt's clean-up removes it, also
        // when it is made while that clean-up runs.
        let scratch = try BuildCache.makeScratchDirectory(in: cacheDirectory)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let file = "\(scratch)/Answer.swift"
        guard FileManager.default.createFile(atPath: file, contents: Data(answer.utf8)) else {
            throw ToolError.io("cannot write \(file)")
        }
        let run = try await toolchain.compile(
            [
                "-dump-ast", "-dump-ast-format", "json", "-parse-as-library", "-swift-version", "6",
                "-module-name", AnswerPolicy.moduleName, file,
            ], in: scratch, timeout: 120, outputLimit: 64 << 20)
        guard !run.timedOut, run.signal == nil else {
            throw ToolError.cannotRun("\(toolchain.swiftc) -dump-ast did not finish")
        }
        guard run.exitCode == 0 else {
            // Remembered so the same answer is not parsed again; a marker that cannot be
            // written only costs a second parse.
            _ = FileManager.default.createFile(atPath: failed, contents: Data())
            return nil
        }
        let dump = run.lines.filter { $0.stream == .stdout }.map(\.text).joined(separator: "\n")
        try? dump.write(toFile: entry, atomically: true, encoding: .utf8)
        return dump
    }
}

/// Protects the grading process itself: an answer process that could read or write this
/// process's memory could change a verdict after the judge gave it.
package enum GraderGuard {
    /// Makes this process non-dumpable (no trace, no /proc/PID/mem without CAP_SYS_PTRACE).
    package static func protectThisProcess() {
        _ = cjudge_set_undumpable()
    }

    /// True when this process is dumpable.
    package static var isDumpable: Bool { cjudge_is_dumpable() == 1 }
}
