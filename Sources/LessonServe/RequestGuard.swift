import Foundation
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

    /// Who a request acts for.
    package enum Holder: Sendable, Hashable {
        /// The one person of a `lesson serve` without `--class`.
        case owner
        /// The instructor of a `--class` room.
        case instructor
        /// A learner of a `--class` room, by roster slot.
        case learner(Int)
    }

    /// A person's token (in their URL) and the session secret their cookie holds.
    package struct Seat: Sendable, Equatable {
        package var holder: Holder
        package var token: ServeToken
        package var session: ServeToken

        package init(holder: Holder, token: ServeToken, session: ServeToken = .random()) {
            self.holder = holder
            self.token = token
            self.session = session
        }
    }

    /// The session's token (the instructor's in a class).
    package var token: ServeToken
    /// The session cookie's value: random, not the token, known only to this server process.
    package var session: ServeToken
    /// Who `token` names: `.owner`, or `.instructor` in a class.
    package var holder: Holder = .owner
    /// In a class, every learner's seat; each token opens that learner's session only.
    package var seats: [Seat] = []
    /// The port the server listens on.
    package var port: Int
    /// Host names accepted in `Host` (with `:port`): `127.0.0.1`, plus the address given with
    /// `--host`.
    package var hosts: [String]
    /// With `--public-url`: the origin pages are loaded from (`https://host.example`), whose
    /// host (as written, with its port if it has one) `Host` may also name.
    package var publicOrigin: String? = nil

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

    /// Every seat: the token's own, then the learners'.
    var allSeats: [Seat] { [Seat(holder: holder, token: token, session: session)] + seats }

    /// The public origin's host part (`host.example`, `host.example:8443`).
    var publicHost: String? {
        guard let origin = publicOrigin, let range = origin.range(of: "://") else { return nil }
        return String(origin[range.upperBound...]).lowercased()
    }

    /// Whether the connection comes from this machine (a reverse proxy on loopback).
    static func fromLoopback(_ request: HTTPRequest) -> Bool {
        request.remoteAddress.hasPrefix("127.") || request.remoteAddress.hasPrefix("[::1]")
    }

    /// The host the browser asked for and the origin its pages have: `Host`, or, only from a
    /// proxy on loopback, `X-Forwarded-Host` and `X-Forwarded-Proto`. Forwarded headers from
    /// anywhere else are ignored. Nil when the host is not one this server answers to.
    func site(of request: HTTPRequest) -> (host: String, origin: String)? {
        var host = request.headers.first(named: "Host")?.lowercased()
        var scheme: String? = nil
        if Self.fromLoopback(request) {
            if let forwarded = request.headers.first(named: "X-Forwarded-Host") {
                host = forwarded.split(separator: ",").first.map { String($0.trimmingSpaces).lowercased() }
            }
            if let proto = request.headers.first(named: "X-Forwarded-Proto")?.lowercased(),
                proto == "https" || proto == "http"
            {
                scheme = proto
            }
        }
        guard let host else { return nil }
        if hosts.contains(where: { "\($0):\(port)" == host }) {
            return (host, "\(scheme ?? "http")://\(host)")
        }
        if let publicHost, let publicOrigin, host == publicHost {
            return (host, publicOrigin)
        }
        return nil
    }

    /// Decides what happens to `request`.
    package func check(_ request: HTTPRequest) -> Verdict {
        guard let site = site(of: request) else {
            let named = publicHost.map { " or \($0)" } ?? ""
            return .deny(
                status: 403,
                reason:
                    "the Host header must name this server (\(hosts[hosts.count - 1]):\(port)\(named); not localhost)")
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
            guard let seat = seat(token: offered) else { return .deny(status: 403, reason: "wrong token") }
            let cookie = "\(cookieName)=\(seat.session.text); HttpOnly; SameSite=Strict; Path=/"
            return .exchange(location: "/" + path.segments.joined(separator: "/"), setCookie: cookie)
        }
        if let site = request.headers.first(named: "Sec-Fetch-Site")?.lowercased(),
            site != "same-origin", site != "none"
        {
            return .deny(status: 403, reason: "requests from other sites are refused")
        }
        guard holder(of: request) != nil else {
            return .deny(
                status: 403, reason: "open the address lesson serve printed (it carries the token)")
        }
        if Self.mutating.contains(request.method) {
            guard request.headers.first(named: "Origin") == site.origin else {
                return .deny(status: 403, reason: "a change must come from this server's own pages (Origin)")
            }
            let type = request.headers.first(named: "Content-Type")?.lowercased() ?? ""
            guard type.split(separator: ";").first?.trimmingSpaces == "application/json" else {
                return .deny(status: 403, reason: "a change must be sent as application/json")
            }
        }
        return .allow(path)
    }

    /// The seat whose token is `offered`, comparing every token in constant time.
    func seat(token offered: some StringProtocol) -> Seat? {
        var found: Seat? = nil
        for seat in allSeats where seat.token.matches(offered) { found = seat }
        return found
    }

    /// True when the request carries a token in `Authorization: token …` or a session
    /// secret in the cookie.
    func authenticated(_ request: HTTPRequest) -> Bool { holder(of: request) != nil }

    /// Whom the request acts for: the seat whose token (`Authorization: token …`) or session
    /// secret (the cookie) it carries; nil when none. A request that carries two people's
    /// credentials acts for nobody.
    package func holder(of request: HTTPRequest) -> Holder? {
        var found: Set<Holder> = []
        let seats = allSeats
        for header in request.headers {
            switch header.name.lowercased() {
            case "authorization":
                let parts = header.value.split(separator: " ", maxSplits: 1)
                if parts.count == 2, parts[0].lowercased() == "token", let seat = seat(token: parts[1]) {
                    found.insert(seat.holder)
                }
            case "cookie":
                for pair in header.value.split(separator: ";") {
                    let trimmed = pair.trimmingSpaces
                    guard let equals = trimmed.firstIndex(of: "="), trimmed[..<equals] == cookieName else { continue }
                    let value = trimmed[trimmed.index(after: equals)...]
                    for seat in seats where seat.session.matches(value) { found.insert(seat.holder) }
                }
            default: continue
            }
        }
        return found.count == 1 ? found.first : nil
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
