import Foundation
import LessonCore

/// A support library in the build cache, with what a client compile needs to use it.
struct BuiltLibrary: Sendable {
    /// The module name.
    var module: String
    /// The cache entry holding `libMODULE.a`, `MODULE.swiftmodule` and the C module maps.
    var directory: String
    /// The module maps of its C modules, inside `directory`.
    var moduleMaps: [String]
    /// Extra link flags of the library.
    var linkFlags: [String]

    init(_ library: SupportLibrary, directory: String, dependencies: [BuiltLibrary]) {
        module = library.module
        self.directory = directory
        moduleMaps = library.systemModules.map { "\(directory)/\($0.name)/module.modulemap" }
        linkFlags = library.linkFlags
    }

    /// The flags that let a compile import `libraries` (listed dependencies first) and,
    /// when `linking`, link them (dependents before their dependencies, as static linking
    /// needs).
    static func clientFlags(_ libraries: [BuiltLibrary], linking: Bool = true) -> [String] {
        var flags: [String] = []
        for library in libraries {
            flags += ["-I", library.directory]
            for map in library.moduleMaps { flags += ["-Xcc", "-fmodule-map-file=\(map)"] }
        }
        guard linking else { return flags }
        for library in libraries.reversed() {
            flags += ["-L", library.directory, "-l\(library.module)"] + library.linkFlags
        }
        return flags
    }
}

/// Creates a directory, or throws `ToolError.io`.
func makeDirectory(_ path: String) throws {
    // Never its parents: a scratch folder an interrupt's clean-up just removed stays removed.
    do {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    } catch {
        throw ToolError.io("cannot create \(path): \(error.localizedDescription)")
    }
}

/// Writes text to a file, creating its directory first.
func writeCreatingParents(_ text: String, to path: String, under root: String) throws {
    // The folders between `root` and the file, one at a time and never `root` itself: a
    // scratch folder an interrupt's clean-up just removed is not made again.
    var folder = root
    let inside = path.dropFirst(root.count + 1).split(separator: "/").dropLast()
    for name in inside {
        folder += "/\(name)"
        if !FileManager.default.fileExists(atPath: folder) { try makeDirectory(folder) }
    }
    try write(text, to: path)
}

/// Writes text to a file atomically (temporary file, then rename).
package func write(_ text: String, to path: String) throws {
    do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw ToolError.io("cannot write \(path): \(error.localizedDescription)")
    }
}

/// Writes a value as pretty, key-sorted JSON, atomically.
package func writeJSON(_ value: some Encodable, to path: String) throws {
    let data: Data
    do {
        data = try JSONText.encoder(pretty: true).encode(value)
    } catch {
        throw ToolError.io("cannot encode \(path): \(error)")
    }
    do {
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw ToolError.io("cannot write \(path): \(error.localizedDescription)")
    }
}
