import EmbeddedSources

/// The one small script every page inlines (`SiteAssets/site.js`): copy buttons on code,
/// `←`/`→` to turn pages, `/` to focus search, and ranked search over the prebuilt
/// `window.LESSON_SEARCH` index (the excerpts are cut at spaces and mark what matched). Pages
/// read fine without it: the search box stays hidden and no button is missing its purpose.
enum SiteScript {
    /// The script's source: the file's text without its final line ending.
    static let source = SiteAssets.text(of: "site.js")
}

/// The front-end files of the site, kept as real `.js` and `.css` files in
/// `Sources/LessonSite/SiteAssets/` (syntax-checked by CI) and embedded into the binary at
/// build time by the EmbedSources plugin.
enum SiteAssets {
    /// The text of the asset `name`, without its final line ending.
    static func text(of name: String) -> String {
        guard let file = EmbeddedSources.files(in: "SiteAssets")?.first(where: { $0.name == name }) else {
            preconditionFailure("SiteAssets/\(name) was not embedded; see Plugins/EmbedSources")
        }
        return file.text.hasSuffix("\n") ? String(file.text.dropLast()) : file.text
    }
}
