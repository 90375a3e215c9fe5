import Glibc
import LessonSite

/// How `lesson serve --open` hands the tokened address to a browser without putting the token
/// on a command line (which every local user can read in `/proc`), the way jupyter_server
/// does: a small HTML file that only the user can read (mode 0600) sends the browser on to the
/// address, and the browser is started with that file's path.
package enum OpenFile {
    /// The redirect page for `url`.
    package static func html(url: String) -> String {
        let target = HTML.attribute(url)
        return "<!doctype html>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"refresh\" content=\"0;url=\(target)\">\n"
            + "<title>lesson serve</title>\n<p><a href=\"\(target)\">Open the workshop</a></p>\n"
    }

    /// Writes the redirect page to `path` (`WorkshopLayout.serveOpenPage(port:)`; replacing an
    /// older one, never through a link), readable and writable by the user only.
    package static func write(url: String, to path: String) throws(EditStore.Problem) {
        let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        unlink(path)
        try EditStore.replaceFile(path, with: html(url: url), creating: [directory], mode: 0o600)
        guard chmod(path, 0o600) == 0 else { throw .io("cannot make \(path) private") }
    }
}
