import Foundation
import Glibc

/// A folder made for one child as its `TMPDIR` and removed, with whatever the child left in it,
/// once the child and everything it started have ended (or `lesson` is interrupted: it is
/// registered with `ProcessRegistry` like a confined child's directory). The Swift driver
/// leaves an empty `TemporaryDirectory.XXXXXX` behind in `TMPDIR` after `swiftc --version`;
/// in a folder of its own nothing of it outlives the run.
struct PrivateTemporaryDirectory {
    /// Its absolute path.
    let path: String

    /// Makes a fresh folder (mode 0700) inside `parent`.
    init(in parent: String) throws(SubprocessError) {
        var template = Array((parent + "/lesson-tmp-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            mkdtemp(buffer.baseAddress!).map { String(cString: $0) }
        }
        guard let made else {
            throw SubprocessError.cannotPrepare(
                "cannot make a temporary folder in \(parent): \(Platform.lastError())")
        }
        path = made
        ProcessRegistry.shared.add(directory: path)
    }

    /// Removes the folder and everything in it.
    func remove() {
        ConfinedDirectory(existing: path).remove()
    }

    /// Where the folders are made: `$TMPDIR`, else `/tmp`.
    static func defaultParent(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        guard let parent = environment["TMPDIR"], !parent.isEmpty else { return "/tmp" }
        return parent.count > 1 && parent.hasSuffix("/") ? String(parent.dropLast()) : parent
    }
}
