import LessonCore
import LessonSupport

/// The rules every request to `lesson serve` passes before a handler sees it, as a pure
/// function from the request to a verdict (so each rule is tested without a socket too).
///
/// Modelled on Jupyter's server, which also runs code on request:
/// - `Host` must name the loopback address `127.0.0.1` (or the one bound with `--host`) and
///   the port, so a page on another site cannot reach the server through DNS rebinding.
///   `localhost` is refused: the server binds 127.0.0.1 only, and another local user could
///   bind `[::1]` on the same port and receive what a browser sends to `localhost`.
/// - The token from the printed URL (`?token=…`) is exchanged once for an `HttpOnly`,
///   `SameSite=Strict` cookie that holds the session secret, never the token: a random value
///   that only this server process knows and that dies with it. The browser then goes on to
///   the same page without the token.
/// - Every other request needs that cookie or `Authorization: token …`; secrets are compared
///   in constant time.
/// - Requests that change something (`POST`, `PUT`, `DELETE`) must carry an `Origin` equal to
///   the server's own and `Content-Type: application/json`, which no HTML form can send.
/// - The path must pass `SafePath`; anything else is 404 before any lookup.
package struct RequestGuard: Sendable {
    /// What to do with a request.
    package enum Verdict: Sendable, Equatable {
        /// Hand it to the handlers.
        case allow(SafePath)
        /// Answer with this status and reason, and nothing else.
        case deny(status: Int, reason: String)
        /// Set the session cookie and send the browser on to `location` (a page that moves on
        /// by itself, so the next request is a same-origin one that carries the cookie).
        case exchange(location: String, setCookie: String)
    }

    /// The session's token.
    package var token: ServeToken
    /// The session cookie's value: random, not the token, known only to this server process.
    package var session: ServeToken
    /// The port the server listens on.
    package var port: Int
    /// Host names accepted in `Host` (with `:port`): `127.0.0.1`, plus the address given with
    /// `--host`.
    package var hosts: [String]

    /// A guard for a server on `port` whose session cookie holds `session` (fresh when not given).
    package init(token: ServeToken, port: Int, extraHosts: [String] = [], session: ServeToken = .random()) {
        self.token = token
        self.session = session
        self.port = port
        hosts = ["127.0.0.1"] + extraHosts.filter { $0 != "127.0.0.1" }
    }

    /// The session cookie's name (one per port, so two servers never share a cookie).
    package var cookieName: String { "lesson-serve-\(port)" }

    /// Methods that change state and so need `Origin` and a JSON body.
    static let mutating: Set<String> = ["POST", "PUT", "DELETE", "PATCH"]

    /// Decides what happens to `request`.
    package func check(_ request: HTTPRequest) -> Verdict {
        guard let host = request.headers.first(named: "Host")?.lowercased(),
            hosts.contains(where: { "\($0):\(port)" == host })
        else {
            return .deny(
                status: 403,
                reason: "the Host header must name this server (\(hosts[hosts.count - 1]):\(port); not localhost)")
        }
        guard request.method == "GET" || Self.mutating.contains(request.method) else {
            return .deny(status: 405, reason: "method not allowed")
        }
        guard let path = SafePath(request.path) else {
            return .deny(status: 404, reason: "not found")
        }
        // The exchange comes first: a page that carries the right token may come from anywhere
        // (`--open` starts at a local file), and nobody who lacks the token gets past it.
        if request.method == "GET", let offered = Self.queryValue("token", in: request.query) {
            guard token.matches(offered) else { return .deny(status: 403, reason: "wrong token") }
            let cookie = "\(cookieName)=\(session.text); HttpOnly; SameSite=Strict; Path=/"
            return .exchange(location: "/" + path.segments.joined(separator: "/"), setCookie: cookie)
        }
        if let site = request.headers.first(named: "Sec-Fetch-Site")?.lowercased(),
            site != "same-origin", site != "none"
        {
            return .deny(status: 403, reason: "requests from other sites are refused")
        }
        guard authenticated(request) else {
            return .deny(
                status: 403, reason: "open the address lesson serve printed (it carries the token)")
        }
        if Self.mutating.contains(request.method) {
            guard request.headers.first(named: "Origin") == "http://\(host)" else {
                return .deny(status: 403, reason: "a change must come from this server's own pages (Origin)")
            }
            let type = request.headers.first(named: "Content-Type")?.lowercased() ?? ""
            guard type.split(separator: ";").first?.trimmingSpaces == "application/json" else {
                return .deny(status: 403, reason: "a change must be sent as application/json")
            }
        }
        return .allow(path)
    }

    /// True when the request carries the token in `Authorization: token …` or the session
    /// secret in the cookie.
    func authenticated(_ request: HTTPRequest) -> Bool {
        var valid = false
        for header in request.headers {
            switch header.name.lowercased() {
            case "authorization":
                let parts = header.value.split(separator: " ", maxSplits: 1)
                if parts.count == 2, parts[0].lowercased() == "token", token.matches(parts[1]) { valid = true }
            case "cookie":
                for pair in header.value.split(separator: ";") {
                    let trimmed = pair.trimmingSpaces
                    guard let equals = trimmed.firstIndex(of: "=") else { continue }
                    if trimmed[..<equals] == cookieName, session.matches(trimmed[trimmed.index(after: equals)...]) {
                        valid = true
                    }
                }
            default: continue
            }
        }
        return valid
    }

    /// The value of `name` in a query string (`a=1&token=…`), not decoded.
    static func queryValue(_ name: String, in query: String?) -> Substring? {
        guard let query else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.first == Substring(name) { return parts.count == 2 ? parts[1] : "" }
        }
        return nil
    }
}
