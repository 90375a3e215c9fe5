import Glibc
import Synchronization

/// Keeps every `lesson …` command the tool prints pasteable: when some output named one and no
/// `lesson` is on this shell's PATH (the tool was started as `swift run lesson` or by its path),
/// the tool ends with the one line that puts it there.
package enum PathHint {
    /// Whether any output so far named a command (`lesson NAME`).
    private static let named = Atomic<Bool>(false)
    /// The names of `lesson`'s commands, which the tool gives as it starts.
    private static let commands = Mutex<[String]>([])

    /// Watches the output for these commands from now on.
    package static func watch(commands names: [String]) {
        commands.withLock { $0 = names }
    }

    /// Notes whether `text` shows a `lesson` command; called for everything written.
    static func see(_ text: String) {
        guard !named.load(ordering: .relaxed), text.contains("lesson ") else { return }
        if commands.withLock({ $0 }).contains(where: { text.contains("lesson \($0)") }) {
            named.store(true, ordering: .relaxed)
        }
    }

    /// The line to print at the end, or nil when nothing named a command or `lesson` is found.
    package static func line(path: String? = getenv("PATH").map { String(cString: $0) }) -> String? {
        guard named.load(ordering: .relaxed), !onPath(path ?? ""), let directory = executableDirectory() else {
            return nil
        }
        return "note: 'lesson' is not on this shell's PATH; to paste the commands above, first run:\n"
            + "  export PATH=\"\(directory):$PATH\"\n"
    }

    /// True when a directory of `path` holds an executable named `lesson`.
    static func onPath(_ path: String) -> Bool {
        path.split(separator: ":").contains { access("\($0)/lesson", X_OK) == 0 }
    }

    /// The directory of the running executable.
    static func executableDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        let path = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return String(path[..<slash])
    }
}
