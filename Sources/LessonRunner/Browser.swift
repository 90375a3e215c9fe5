import Foundation

/// The programs that open a page in the learner's browser (`lesson serve --open`, and what
/// `lesson doctor` looks for).
package enum Browser {
    /// The desktop's openers, in the order they are tried.
    package static let desktopOpeners = ["/usr/bin/xdg-open", "/usr/bin/open"]

    /// Asks `$BROWSER` (its first command), else the desktop, to open `url`; false when
    /// nothing here could be started.
    package static func open(_ url: String) -> Bool {
        var openers = desktopOpeners
        if let chosen = ProcessInfo.processInfo.environment["BROWSER"]?.split(separator: ":").first {
            openers.insert(String(chosen), at: 0)
        }
        for opener in openers {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: opener)
            if !opener.contains("/") {
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = [opener, url]
            } else {
                guard FileManager.default.isExecutableFile(atPath: opener) else { continue }
                process.arguments = [url]
            }
            if (try? process.run()) != nil { return true }
        }
        return false
    }
}
