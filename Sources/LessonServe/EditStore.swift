import Foundation
import Glibc
import Synchronization

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
        /// The file changed on disk between reading it and replacing it.
        case changed(String)

        /// The problem in words.
        package var description: String {
            switch self {
            case .unsafeName(let name): "'\(name)' cannot name an edit"
            case .symbolicLink(let path): "\(path) is a symbolic link; edits are not followed through links"
            case .io(let message): message
            case .changed(let path): "\(path) changed on disk meanwhile; nothing was saved, try again"
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
        return try Self.readFile(file, folders: [directory, "\(directory)/\(lesson)"])?.text
    }

    /// A file's text and identity, read without following a symbolic link: neither `file`
    /// (`O_NOFOLLOW`) nor any of `folders` may be one. Nil when the file does not exist.
    package static func readFile(_ file: String, folders: [String] = []) throws(Problem) -> (
        text: String, identity: FileIdentity
    )? {
        try refuseLinks(folders)
        let fd = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            if errno == ELOOP { throw .symbolicLink(file) }
            throw .io("cannot read \(file): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw .io("\(file) is not a regular file")
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = Glibc.read(fd, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return (String(decoding: bytes, as: UTF8.self), FileIdentity(info))
    }

    /// What tells one version of a file from another: device, inode, size and modification time.
    package struct FileIdentity: Sendable, Equatable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modified: Int64
        var modifiedNanoseconds: Int

        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            modified = Int64(info.st_mtim.tv_sec)
            modifiedNanoseconds = Int(info.st_mtim.tv_nsec)
        }

        /// The identity of what is at `path` now (not following a link), or nil.
        static func current(_ path: String) -> FileIdentity? {
            var info = stat()
            return lstat(path, &info) == 0 ? FileIdentity(info) : nil
        }
    }

    /// Stores `code` as the snippet's edit (atomically: a temporary file renamed over it).
    package func write(_ code: String, lesson: String, snippet: String) throws(Problem) {
        let file = try path(lesson: lesson, snippet: snippet)
        try Self.replaceFile(file, with: code, creating: [stateDirectory, directory, "\(directory)/\(lesson)"])
    }

    /// Writes `text` to `file` through a temporary file renamed over it (the file synced
    /// before the rename, its folder after), first creating the
    /// `folders` (outermost first) that are missing. Refuses folders that are symbolic links;
    /// a link at `file` itself is replaced, never written through. With `expected`, refuses
    /// (`.changed`) when the file is no longer that version just before the rename.
    package static func replaceFile(
        _ file: String, with text: String, creating folders: [String], expected: FileIdentity? = nil,
        mode: mode_t = 0o644
    ) throws(Problem) {
        for folder in folders {
            try refuseLinks([folder])
            if mkdir(folder, 0o755) != 0, errno != EEXIST {
                throw .io("cannot create \(folder): \(String(cString: strerror(errno)))")
            }
        }
        // A name no other writer uses: this process's id and a number it never hands out twice.
        let number = temporaries.withLock { count in
            count += 1
            return count
        }
        let temporary = "\(file).\(getpid()).\(number).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
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
        // On disk before it takes the target's name: a crash right after the answer that
        // acknowledged the write loses nothing.
        guard fsync(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            unlink(temporary)
            throw .io("cannot write \(temporary): \(reason)")
        }
        close(fd)
        if let expected, FileIdentity.current(file) != expected {
            unlink(temporary)
            throw .changed(file)
        }
        // rename replaces a link at `file` itself; it never writes through it.
        guard rename(temporary, file) == 0 else {
            unlink(temporary)
            throw .io("cannot replace \(file): \(String(cString: strerror(errno)))")
        }
        // The rename itself is on disk once the folder that holds the name is.
        let folder = open((file as NSString).deletingLastPathComponent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
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

    /// Numbers for temporary files.
    private static let temporaries = Mutex<UInt64>(0)

    /// Throws when any of `paths` is a symbolic link.
    static func refuseLinks(_ paths: [String]) throws(Problem) {
        for path in paths {
            var info = stat()
            if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK { throw .symbolicLink(path) }
        }
    }
}
