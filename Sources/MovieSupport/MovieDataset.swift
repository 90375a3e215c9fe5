import Glibc

/// Where the synthetic dataset lives: generated on first use under the workshop's state
/// directory (`.lesson/movies/`), never committed.
public enum MovieDataset {
    /// The seed of the workshop's dataset.
    public static let defaultSeed: UInt64 = 1894
    /// The number of rows of the workshop's dataset.
    public static let defaultRows = 100_000

    /// `$LESSON_STATE_DIR`, else `.lesson` in the nearest directory at or above the current
    /// one that holds `Lessons/`, else `.lesson` in the current directory.
    public static func stateDirectory() -> String {
        if let value = getenv("LESSON_STATE_DIR"), value.pointee != 0 { return String(cString: value) }
        guard let cwd = getcwd(nil, 0) else { return ".lesson" }
        let current = String(cString: cwd)
        free(cwd)
        var directory = current
        while true {
            var info = stat()
            if stat(directory + "/Lessons", &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
                return directory + "/.lesson"
            }
            guard let slash = directory.lastIndex(of: "/"), directory != "/" else { break }
            directory = slash == directory.startIndex ? "/" : String(directory[..<slash])
        }
        return current + "/.lesson"
    }

    /// The path of the dataset with `rows` rows from `seed` (whether or not it exists yet).
    public static func path(rows: Int = defaultRows, seed: UInt64 = defaultSeed, in directory: String? = nil)
        -> String
    {
        "\(directory ?? stateDirectory() + "/movies")/title.basics-\(rows)-\(seed).tsv.gz"
    }

    /// The dataset's path, generating the file first if it is not there yet.
    @discardableResult
    public static func ensure(rows: Int = defaultRows, seed: UInt64 = defaultSeed, in directory: String? = nil)
        throws(GzipError) -> String
    {
        let target = path(rows: rows, seed: seed, in: directory)
        if access(target, R_OK) == 0 { return target }
        let folder = String(target[..<target.lastIndex(of: "/")!])
        try makeDirectories(folder)
        let scratch = "\(target).\(getpid()).partial"
        try DatasetGenerator(seed: seed).write(rows: rows, to: scratch)
        guard rename(scratch, target) == 0 else {
            unlink(scratch)
            throw GzipError(message: "cannot rename \(scratch): \(String(cString: strerror(errno)))")
        }
        return target
    }

    /// `mkdir -p`.
    static func makeDirectories(_ path: String) throws(GzipError) {
        var partial = ""
        for component in path.split(separator: "/", omittingEmptySubsequences: false) {
            partial +=
                partial.isEmpty && component.isEmpty
                ? "/" : (partial.hasSuffix("/") || partial.isEmpty ? "" : "/") + component
            if partial.isEmpty || partial == "/" { continue }
            if mkdir(partial, 0o755) != 0, errno != EEXIST {
                throw GzipError(message: "cannot create \(partial): \(String(cString: strerror(errno)))")
            }
        }
    }
}
