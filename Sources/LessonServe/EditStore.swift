import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The learner's edits of snippets, one file per snippet under
/// `STATE/edits/LESSON-STEM/SNIPPET-ID.swift`. The lesson file itself is never written here.
///
/// Names come from the workshop's own lists and must pass `SafePath.isSafeSegment`; no
/// directory on the way may be a symbolic link, and files are replaced by rename, so an
/// edit can never be written (or read) anywhere outside the state directory.
package struct EditStore: Sendable {
    /// What an edit cannot be stored or read for.
    package enum Problem: Error, Equatable, CustomStringConvertible {
        /// A name that is not a plain file name.
        case unsafeName(String)
        /// A symbolic link where a directory or file of the store should be.
        case symbolicLink(String)
        /// The file system refused.
        case io(String)

        /// The problem in words.
        package var description: String {
            switch self {
            case .unsafeName(let name): "'\(name)' cannot name an edit"
            case .symbolicLink(let path): "\(path) is a symbolic link; edits are not followed through links"
            case .io(let message): message
            }
        }
    }

    /// `STATE/edits`.
    package let directory: String
    /// `STATE`, created when the first edit is stored.
    let stateDirectory: String

    /// The store under a state directory.
    package init(stateDirectory: String) {
        self.stateDirectory = stateDirectory
        directory = "\(stateDirectory)/edits"
    }

    /// The edit's path, after checking both names.
    func path(lesson: String, snippet: String) throws(Problem) -> String {
        for name in [lesson, snippet] where !SafePath.isSafeSegment(name) { throw .unsafeName(name) }
        return "\(directory)/\(lesson)/\(snippet).swift"
    }

    /// The stored edit, or nil when the snippet has none.
    package func read(lesson: String, snippet: String) throws(Problem) -> String? {
        let file = try path(lesson: lesson, snippet: snippet)
        try Self.refuseLinks([directory, "\(directory)/\(lesson)", file])
        let fd = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw .io("cannot read \(file): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = Glibc.read(fd, &buffer, buffer.count)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Stores `code` as the snippet's edit (atomically: a temporary file renamed over it).
    package func write(_ code: String, lesson: String, snippet: String) throws(Problem) {
        let file = try path(lesson: lesson, snippet: snippet)
        try Self.replaceFile(file, with: code, creating: [stateDirectory, directory, "\(directory)/\(lesson)"])
    }

    /// Writes `text` to `file` through a temporary file renamed over it, first creating the
    /// `folders` (outermost first) that are missing. Refuses folders that are symbolic links;
    /// a link at `file` itself is replaced, never written through.
    package static func replaceFile(_ file: String, with text: String, creating folders: [String]) throws(Problem) {
        for folder in folders {
            try refuseLinks([folder])
            if mkdir(folder, 0o755) != 0, errno != EEXIST {
                throw .io("cannot create \(folder): \(String(cString: strerror(errno)))")
            }
        }
        let temporary = "\(file).\(getpid()).tmp"
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io("cannot write \(temporary): \(String(cString: strerror(errno)))") }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if written <= 0 {
                close(fd)
                unlink(temporary)
                throw .io("cannot write \(temporary)")
            }
            offset += written
        }
        close(fd)
        // rename replaces a link at `file` itself; it never writes through it.
        guard rename(temporary, file) == 0 else {
            unlink(temporary)
            throw .io("cannot replace \(file): \(String(cString: strerror(errno)))")
        }
    }

    /// Forgets the snippet's edit; nothing happens when it has none.
    package func remove(lesson: String, snippet: String) throws(Problem) {
        let file = try path(lesson: lesson, snippet: snippet)
        try Self.refuseLinks([directory, "\(directory)/\(lesson)"])
        if unlink(file) != 0, errno != ENOENT {
            throw .io("cannot remove \(file): \(String(cString: strerror(errno)))")
        }
    }

    /// Throws when any of `paths` is a symbolic link.
    static func refuseLinks(_ paths: [String]) throws(Problem) {
        for path in paths {
            var info = stat()
            if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK { throw .symbolicLink(path) }
        }
    }
}
