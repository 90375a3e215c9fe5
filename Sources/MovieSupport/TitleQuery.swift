/// A search over titles: every filter optional, at most `limit` results in `tconst` order.
///
/// The TSV scan (`matches`) and SQLite (`MovieDatabase.search`) answer it with the same rule,
/// so their answers can be compared row for row.
public struct TitleQuery: Sendable, Equatable {
    /// Only titles whose `startYear` is this.
    public var year: Int?
    /// Only titles with this genre among theirs (exact, e.g. `Drama`).
    public var genre: String?
    /// Only titles of this type (exact, e.g. `movie`).
    public var type: String?
    /// Only titles whose primary title contains this text, ignoring ASCII case.
    public var text: String?
    /// The most titles to return.
    public var limit: Int

    /// The default and the largest `limit`.
    public static let defaultLimit = 20
    /// The largest `limit` a request may ask for.
    public static let maxLimit = 1000

    /// Creates a query.
    public init(
        year: Int? = nil, genre: String? = nil, type: String? = nil, text: String? = nil,
        limit: Int = TitleQuery.defaultLimit
    ) {
        self.year = year
        self.genre = genre
        self.type = type
        self.text = text
        self.limit = limit
    }

    /// Whether `title` passes every filter.
    public func matches(_ title: Title) -> Bool {
        if let year, title.startYear != year { return false }
        if let type, title.titleType != type { return false }
        if let genre, !title.genres.contains(genre) { return false }
        if let text, !Self.containsIgnoringASCIICase(title.primaryTitle, text) { return false }
        return true
    }

    /// Whether `haystack` contains `needle`, comparing A-Z and a-z as equal (as SQLite's
    /// `lower()` does) and every other character exactly.
    public static func containsIgnoringASCIICase(_ haystack: String, _ needle: String) -> Bool {
        let needle = Array(needle.utf8).map(lowerASCII)
        if needle.isEmpty { return true }
        let hay = Array(haystack.utf8)
        guard hay.count >= needle.count else { return false }
        outer: for start in 0...(hay.count - needle.count) {
            for offset in 0..<needle.count where lowerASCII(hay[start + offset]) != needle[offset] {
                continue outer
            }
            return true
        }
        return false
    }

    private static func lowerASCII(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
    }

    /// Reads a query from URL parameters (`year`, `genre`, `type`, `q`, `limit`), or explains
    /// in one sentence which parameter is wrong and why.
    public static func from(_ parameters: [(name: String, value: String)]) -> Result<TitleQuery, QueryError> {
        var query = TitleQuery()
        var seen: Set<String> = []
        for (name, value) in parameters {
            guard ["year", "genre", "type", "q", "limit"].contains(name) else {
                return .failure(QueryError("unknown parameter '\(name)'; use year, genre, type, q or limit"))
            }
            guard seen.insert(name).inserted else {
                return .failure(QueryError("parameter '\(name)' is given more than once"))
            }
            switch name {
            case "year":
                guard let year = Int(value), (1870...2100).contains(year) else {
                    return .failure(QueryError("year must be a whole number from 1870 to 2100, got '\(value)'"))
                }
                query.year = year
            case "genre":
                guard DatasetGenerator.genres.contains(value) else {
                    return .failure(QueryError("unknown genre '\(value)' (genres are case-sensitive, e.g. Drama)"))
                }
                query.genre = value
            case "type":
                guard DatasetGenerator.titleTypes.contains(where: { $0.type == value }) else {
                    return .failure(QueryError("unknown type '\(value)' (e.g. movie, short, tvSeries)"))
                }
                query.type = value
            case "q":
                guard (1...100).contains(value.count) else {
                    return .failure(QueryError("q must be 1 to 100 characters"))
                }
                query.text = value
            default:
                guard let limit = Int(value), (1...maxLimit).contains(limit) else {
                    return .failure(QueryError("limit must be a whole number from 1 to \(maxLimit), got '\(value)'"))
                }
                query.limit = limit
            }
        }
        return .success(query)
    }
}

/// A bad request parameter, explained for the client.
public struct QueryError: Error, Equatable, CustomStringConvertible {
    /// The explanation, e.g. `year must be a whole number from 1870 to 2100, got 'abc'`.
    public var message: String

    /// Creates an error with `message`.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

/// Answers queries by reading the `.tsv.gz` from the start every time, the way the first
/// version of the API does (with pandas in the Python original).
public struct TSVScan: Sendable {
    /// The dataset file.
    public var path: String

    /// Creates a scanner over `path`.
    public init(path: String) {
        self.path = path
    }

    /// The first `query.limit` matching titles in file (`tconst`) order.
    public func search(_ query: TitleQuery) throws -> [Title] {
        var found: [Title] = []
        try TitleReader(path: path).forEach { title in
            if query.matches(title) { found.append(title) }
            return found.count < query.limit
        }
        return found
    }

    /// The title with this `tconst`, or nil.
    public func title(_ tconst: String) throws -> Title? {
        var found: Title?
        try TitleReader(path: path).forEach { title in
            if title.tconst == tconst { found = title }
            return found == nil
        }
        return found
    }

    /// How many titles have each genre, most first (ties by name).
    public func genreCounts() throws -> [(genre: String, count: Int)] {
        var counts: [String: Int] = [:]
        try TitleReader(path: path).forEach { title in
            for genre in title.genres { counts[genre, default: 0] += 1 }
            return true
        }
        return GenreCount.sorted(counts)
    }
}

/// Sorting and printing of genre counts, shared by the TSV scan and SQLite.
public enum GenreCount {
    /// `counts` most first, ties by name.
    public static func sorted(_ counts: [String: Int]) -> [(genre: String, count: Int)] {
        counts.map { (genre: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.genre < $1.genre }
    }
}
