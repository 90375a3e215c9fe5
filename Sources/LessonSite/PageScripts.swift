/// The text of every inline script a page of the site carries, for a server that serves the
/// pages: its Content-Security-Policy allows exactly these, by hash, and nothing a lesson's
/// markdown adds.
package enum PageScripts {
    /// The inline scripts of every page, in order.
    package static let inline: [String] = [SiteScript.source]
}
