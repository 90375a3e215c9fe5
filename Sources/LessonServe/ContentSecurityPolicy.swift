import LessonCore

/// The `Content-Security-Policy` of a served page: nothing may load from anywhere but the
/// server itself, and the only scripts that run are the server's own: the inline scripts it
/// puts into every page, allowed by the SHA-256 hashes of their known text (computed once from
/// the embedded files, never read back from a page), and the script files it names by their
/// exact address. A `<script>` or an `on…=` attribute that a lesson's or quiz's markdown adds
/// has no hash in the policy, so the browser refuses to run it.
package enum ContentSecurityPolicy {
    /// The policy for a page whose only scripts are `inlineScripts` (their exact text) and
    /// the files at `scriptFiles` (absolute URLs, e.g. `http://127.0.0.1:8714/search-index.js`).
    package static func page(inlineScripts: [String], scriptFiles: [String]) -> String {
        [
            "default-src 'none'",
            (["script-src"] + inlineScripts.map(hashSource) + scriptFiles).joined(separator: " "),
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        ].joined(separator: "; ")
    }

    /// `'sha256-…'`: the source expression that allows the inline script `script`.
    package static func hashSource(_ script: String) -> String {
        "'sha256-\(Base64.encode(SHA256.digest(Array(script.utf8))))'"
    }

    /// The policy for a response that is not a page (JSON, scripts, styles): nothing at all.
    package static let none = "default-src 'none'; frame-ancestors 'none'"
}
