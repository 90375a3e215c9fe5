/// The site's one style sheet (`SiteAssets/site.css`, written out as `style.css`): light and
/// dark colours (`prefers-color-scheme`), a sidebar that moves below the content on narrow
/// screens, and a print style without navigation.
enum SiteStyle {
    /// The CSS text: the file's text without its final line ending.
    static let css = SiteAssets.text(of: "site.css")
}
