import EmbeddedSources

/// A library a snippet may `import`: a Swift module whose sources travel inside the `lesson`
/// binary, compiled once per content hash into a static library in the build cache and
/// linked into every snippet that imports it.
package struct SupportLibrary: Sendable, Hashable {
    /// The module name a snippet imports, e.g. `LessonSupport`.
    package var module: String
    /// The library's Swift sources (other files are ignored).
    package var sources: [EmbeddedFile]
    /// Module names of the other support libraries this one imports.
    package var dependencies: [String]
    /// Flags added to the link of every snippet that uses the library, e.g. `-lsqlite3`.
    package var linkFlags: [String]
    /// C modules the library imports (a module map and headers of ours over a system header).
    package var systemModules: [SystemModule]

    /// A library named `module`; only `sources` is required.
    package init(
        module: String, sources: [EmbeddedFile], dependencies: [String] = [], linkFlags: [String] = [],
        systemModules: [SystemModule] = []
    ) {
        self.module = module
        self.sources = sources
        self.dependencies = dependencies
        self.linkFlags = linkFlags
        self.systemModules = systemModules
    }

    /// A library whose sources are the embedded directory named like the module (listed in
    /// `Plugins/EmbedSources`); no sources when the directory was not embedded.
    package init(
        embedded module: String, dependencies: [String] = [], linkFlags: [String] = [],
        systemModules: [SystemModule] = []
    ) {
        self.init(
            module: module, sources: EmbeddedSources.files(in: module) ?? [], dependencies: dependencies,
            linkFlags: linkFlags, systemModules: systemModules)
    }

    /// The library snippets import for the demo HTTP server and client, seeded RNG and timing
    /// helpers: `Sources/LessonSupport`, embedded in the binary.
    package static let lessonSupport = SupportLibrary(embedded: "LessonSupport")

    /// The capstone's library: the movie dataset, the `.tsv.gz` reader, the SQLite binding and
    /// the movie API, over the system SQLite and zlib (`Sources/MovieSupport`, embedded).
    package static let movieSupport = SupportLibrary(
        embedded: "MovieSupport", dependencies: ["LessonSupport"], linkFlags: ["-lsqlite3", "-lz"],
        systemModules: [
            SystemModule(
                embedded: "CSQLite", requiredHeaders: ["sqlite3.h"],
                install: "apt-get install libsqlite3-dev"),
            SystemModule(
                embedded: "CZlib", requiredHeaders: ["zlib.h"],
                install: "apt-get install zlib1g-dev"),
        ])
}

/// A C module a support library imports: the text of its `module.modulemap` and of the
/// headers beside it, written into the library's cache entry and passed to the compiler with
/// `-Xcc -fmodule-map-file=`. The system headers it includes are the user's to install.
package struct SystemModule: Sendable, Hashable {
    /// The clang module name, e.g. `CSQLite`.
    package var name: String
    /// `module.modulemap` and the headers it names, by path relative to the module map.
    package var files: [EmbeddedFile]
    /// System headers the module includes (e.g. `sqlite3.h`); when the compiler cannot find
    /// one, the snippet fails with `install` instead of the compiler's output.
    package var requiredHeaders: [String]
    /// The command that installs the system headers, e.g. `apt-get install libsqlite3-dev`.
    package var install: String

    /// A C module named `name` made of `files`, which must include `module.modulemap`.
    package init(name: String, files: [EmbeddedFile], requiredHeaders: [String], install: String) {
        self.name = name
        self.files = files
        self.requiredHeaders = requiredHeaders
        self.install = install
    }

    /// A C module whose files are the embedded directory named like the module (e.g. a
    /// SwiftPM system-library target's `Sources/CSQLite` with its `module.modulemap`).
    package init(embedded name: String, requiredHeaders: [String], install: String) {
        self.init(
            name: name, files: EmbeddedSources.files(in: name) ?? [], requiredHeaders: requiredHeaders,
            install: install)
    }
}

/// The support libraries snippets may import, by module name. A snippet's imports select
/// the libraries it links, with their dependencies; other imports are left to the compiler.
package struct SupportRegistry: Sendable {
    /// Every library, by module name.
    package private(set) var libraries: [String: SupportLibrary]

    /// A registry of `libraries`; a later library with the same module name replaces an
    /// earlier one.
    package init(_ libraries: [SupportLibrary]) {
        self.libraries = Dictionary(libraries.map { ($0.module, $0) }, uniquingKeysWith: { $1 })
    }

    /// The libraries `lesson` ships.
    package static let standard = SupportRegistry([.lessonSupport, .movieSupport])

    /// The libraries `modules` need, each after the libraries it depends on, each once.
    /// Modules that are not support libraries are skipped; a dependency that is not in the
    /// registry, or a cycle, is an error of the registry itself.
    package func closure(of modules: [String]) throws(ToolError) -> [SupportLibrary] {
        var ordered: [SupportLibrary] = []
        var done: Set<String> = []
        var visiting: Set<String> = []
        func visit(_ module: String, from parent: String?) throws(ToolError) {
            guard !done.contains(module) else { return }
            guard let library = libraries[module] else {
                if let parent { throw ToolError.io("support library \(parent) depends on unknown \(module)") }
                return
            }
            guard visiting.insert(module).inserted else {
                throw ToolError.io("support library \(module) depends on itself")
            }
            for dependency in library.dependencies { try visit(dependency, from: module) }
            visiting.remove(module)
            done.insert(module)
            ordered.append(library)
        }
        for module in modules { try visit(module, from: nil) }
        return ordered
    }
}

/// A support library that cannot be built on this machine because a system header is
/// missing: the snippets that import it fail with `description`, one line naming the
/// package to install; the other snippets run.
package struct SupportLibraryUnavailable: Error, Sendable, CustomStringConvertible {
    /// The support library's module name.
    package var module: String
    /// The missing system header.
    package var header: String
    /// How to install it.
    package var install: String

    /// `MovieSupport needs sqlite3.h, which is not installed: apt-get install libsqlite3-dev`.
    package var description: String {
        "\(module) needs \(header), which is not installed: \(install)"
    }
}
