import Foundation
import LessonSite
import LessonSupport
import Synchronization

/// The site's pages, rendered from the workshop's files, with the live layer added.
extension ServeApp {
    /// Answers with the site's file `name` (pages with the page policy), or serve's style sheet.
    func page(_ name: String, _ call: ServeRoute.Call) {
        let stream = call.stream
        if name == "serve.css" {
            return stream.respond(Self.secured(Self.file(ServeScript.css, type: "text/css; charset=utf-8")))
        }
        if name == "class.css" {
            return stream.respond(Self.secured(Self.file(ServeScript.classCSS, type: "text/css; charset=utf-8")))
        }
        let files = site()
        guard let bytes = files[name] else {
            return stream.respond(Self.secured(.text("not found\n", status: 404)))
        }
        var response = HTTPResponse(body: bytes)
        if name.hasSuffix(".html") {
            response.headers.append(HTTPHeader("Content-Type", "text/html; charset=utf-8"))
            return stream.respond(Self.secured(response, policy: call.policy))
        }
        // The site's only script file is its search index; anything else is served as data.
        let type =
            name.hasSuffix(".css")
            ? "text/css; charset=utf-8"
            : name.hasSuffix(".js") ? "text/javascript; charset=utf-8" : "application/octet-stream"
        response.headers.append(HTTPHeader("Content-Type", type))
        stream.respond(Self.secured(response))
    }

    /// The site's files, rendered again when a workshop file changed since the last time.
    /// Requests that arrive while it renders wait for that render instead of starting their own.
    func site() -> [String: [UInt8]] {
        let workshop = configuration.workshop
        return pages.withLock { cache in
            let fingerprint = workshop.fingerprint()
            if let cache, cache.fingerprint == fingerprint { return cache.files }
            guard let loaded = try? workshop.load() else { return cache?.files ?? [:] }
            renders.withLock { $0 += 1 }
            // Served pages carry the server's policy as a header (ContentSecurityPolicy), not
            // the static site's <meta>.
            let files = LessonSite.render(
                lessons: workshop.lessons(of: loaded), quizzes: workshop.quizzes(of: loaded), policy: nil)
            var table: [String: [UInt8]] = [:]
            for file in files {
                let text =
                    file.path.hasSuffix(".html")
                    ? Self.live(file.contents, author: configuration.author) : file.contents
                table[file.path] = Array(text.utf8)
            }
            cache = PageCache(fingerprint: fingerprint, files: table)
            return table
        }
    }

    /// A site page with the live layer added: its style sheet, and its script inline (the
    /// exact text the page policy's hash allows).
    static func live(_ html: String, author: Bool) -> String {
        var page = html
        if let head = page.range(of: "</head>") {
            page.insert(contentsOf: "<link rel=\"stylesheet\" href=\"serve.css\">\n", at: head.lowerBound)
        }
        if let body = page.range(of: "</body>", options: .backwards) {
            let attribute = author ? " data-author=\"1\"" : ""
            page.insert(contentsOf: "<script\(attribute)>\(ServeScript.source)</script>\n", at: body.lowerBound)
        }
        return page
    }
}
