/// One file of the generated site: a path relative to the output directory and its text.
package struct SiteFile: Sendable, Hashable {
    /// The path inside the site, e.g. `index.html` or `style.css`.
    package var path: String
    /// The file's contents.
    package var contents: String

    /// Creates a site file.
    package init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}
