/// One source file carried inside the `lesson` binary.
public struct EmbeddedFile: Sendable, Hashable {
    /// The file's path inside its directory, e.g. `HTTPServer.swift` or `HTTP/Parser.swift`.
    public let name: String
    /// The file's text.
    public let text: String

    /// A file named `name` holding `text`.
    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }
}

/// The sources the build embedded into this binary (the `EmbedSources` plugin lists the
/// directories), so that `lesson` can compile them into snippets wherever it runs.
public enum EmbeddedSources {
    /// The files of the embedded directory with this name (e.g. `LessonSupport`), sorted by
    /// path; nil when no such directory was embedded.
    public static func files(in directory: String) -> [EmbeddedFile]? {
        embeddedDirectories[directory]
    }

    /// The names of every embedded directory, sorted.
    public static var directories: [String] { embeddedDirectories.keys.sorted() }
}
