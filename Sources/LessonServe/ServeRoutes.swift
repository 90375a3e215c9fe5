import LessonSite
import LessonSupport

/// One route of `lesson serve`: a method, a path pattern whose `*` segments are handed to the
/// handler, and the handler.
///
/// Serve has its own table rather than `LessonSupport.HTTPRoute`: that one matches a fixed path
/// or a prefix and captures nothing, while serve's paths carry names (`/api/lessons/STEM/
/// snippets/ID/run`), and every request must pass `RequestGuard` (and `SafePath`'s decoding)
/// before any route sees it.
struct ServeRoute: Sendable {
    /// What a handler gets.
    struct Call {
        /// The request.
        var request: HTTPRequest
        /// The decoded segments at the pattern's `*`s, in order.
        var words: [String]
        /// Where the answer goes.
        var stream: HTTPStream
        /// The page policy (for pages).
        var policy: String
        /// Whom the request acts for.
        var desk: Desk
    }

    /// The method, e.g. `GET`.
    let method: String
    /// The path's segments; `*` stands for any one segment.
    let pattern: [String]
    /// Answers the call.
    let handle: @Sendable (ServeApp, Call) -> Void

    init(_ method: String, _ path: String, _ handle: @escaping @Sendable (ServeApp, Call) -> Void) {
        self.method = method
        pattern = path.split(separator: "/").map(String.init)
        self.handle = handle
    }

    /// The words at `*` when `segments` fit the pattern, else nil.
    func words(_ segments: [String]) -> [String]? {
        guard pattern.count == segments.count else { return nil }
        var captured: [String] = []
        for (expected, segment) in zip(pattern, segments) {
            if expected == "*" {
                captured.append(segment)
            } else if expected != segment {
                return nil
            }
        }
        return captured
    }
}

extension ServeApp {
    /// Every route, first match wins: pages, snippets, quizzes, changes, highlighting.
    static let routes: [ServeRoute] = [
        ServeRoute("GET", "") { app, call in app.page("index.html", call) },
        // The instructor's view (a class only; 404 for anyone else, so it names nobody).
        ServeRoute("GET", "class") { app, call in app.instructorPage(call) },
        ServeRoute("GET", "api/class") { app, call in call.stream.respond(app.roomState(call.desk)) },
        ServeRoute("GET", "api/class/gradebook.json") { app, call in
            call.stream.respond(app.gradebookExport(call.desk, csv: false))
        },
        ServeRoute("GET", "api/class/gradebook.csv") { app, call in
            call.stream.respond(app.gradebookExport(call.desk, csv: true))
        },
        ServeRoute("POST", "api/class/learners/*/stop") { app, call in
            call.stream.respond(app.stopRuns(call.words[0], call.desk))
        },
        ServeRoute("GET", "api/changes") { app, call in
            let since = RequestGuard.queryValue("since", in: call.request.query).flatMap { Int($0) }
            call.stream.respond(json(app.changes.changes(since: since)))
        },
        ServeRoute("GET", "*") { app, call in app.page(call.words[0], call) },
        ServeRoute("POST", "api/highlight") { _, call in
            call.stream.respond(
                answer { () throws(Refusal) in json(["html": SwiftHighlighter.html(try code(in: call.request.body))]) })
        },
        ServeRoute("GET", "api/lessons/*/snippets/*") { app, call in
            call.stream.respond(app.snippetState(call.words[0], call.words[1], call.desk))
        },
        ServeRoute("PUT", "api/lessons/*/snippets/*") { app, call in
            call.stream.respond(app.storeEdit(call.words[0], call.words[1], call.request.body, call.desk))
        },
        ServeRoute("DELETE", "api/lessons/*/snippets/*") { app, call in
            call.stream.respond(app.resetEdit(call.words[0], call.words[1], call.desk))
        },
        ServeRoute("POST", "api/lessons/*/snippets/*/run") { app, call in
            app.run(call.words[0], call.words[1], call.request.body, call.stream, call.desk)
        },
        ServeRoute("POST", "api/lessons/*/snippets/*/save") { app, call in
            call.stream.respond(app.saveToLesson(call.words[0], call.words[1], call.request.body, call.desk))
        },
        ServeRoute("GET", "api/quizzes/*") { app, call in call.stream.respond(app.answerState(call.words[0], call.desk))
        },
        ServeRoute("PUT", "api/quizzes/*/answer") { app, call in
            call.stream.respond(app.storeAnswer(call.words[0], call.request.body, call.desk))
        },
        ServeRoute("DELETE", "api/quizzes/*/answer") { app, call in
            call.stream.respond(app.resetAnswer(call.words[0], call.desk))
        },
        ServeRoute("POST", "api/quizzes/*/grade") { app, call in app.grade(call.words[0], call.stream, call.desk) },
        ServeRoute("GET", "api/quizzes/*/hints/*") { app, call in
            call.stream.respond(app.hint(call.words[0], call.words[1], call.desk))
        },
    ]

    /// Hands the request to the first route that fits; 404 when none does.
    func route(_ request: HTTPRequest, _ segments: [String], _ stream: HTTPStream, policy: String, desk: Desk) {
        for route in Self.routes where route.method == request.method {
            guard let words = route.words(segments) else { continue }
            return route.handle(
                self, ServeRoute.Call(request: request, words: words, stream: stream, policy: policy, desk: desk))
        }
        stream.respond(Self.notFound)
    }
}
