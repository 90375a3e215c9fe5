/// One row of IMDb's `title.basics.tsv`: a movie, a series, an episode, a game...
public struct Title: Sendable, Equatable, Hashable {
    /// The nine column names of `title.basics.tsv`, in file order.
    public static let columns = [
        "tconst", "titleType", "primaryTitle", "originalTitle", "isAdult", "startYear", "endYear",
        "runtimeMinutes", "genres",
    ]
    /// The header line of the file (the column names, tab-separated).
    public static let header = columns.joined(separator: "\t")

    /// The identifier, `tt` and at least seven digits, e.g. `tt0000042`.
    public var tconst: String
    /// The kind of title, e.g. `movie`, `short`, `tvSeries`, `tvEpisode`.
    public var titleType: String
    /// The title used in publicity.
    public var primaryTitle: String
    /// The title in the original language.
    public var originalTitle: String
    /// Whether the title is for adults.
    public var isAdult: Bool
    /// The release year (the first year of a series); nil when unknown.
    public var startYear: Int?
    /// The last year of a series; nil for other titles and running series.
    public var endYear: Int?
    /// The main runtime in minutes; nil when unknown.
    public var runtimeMinutes: Int?
    /// Up to three genres, e.g. `["Comedy", "Drama"]`; empty when unknown.
    public var genres: [String]

    /// Creates a title from its values.
    public init(
        tconst: String, titleType: String, primaryTitle: String, originalTitle: String,
        isAdult: Bool = false, startYear: Int?, endYear: Int? = nil, runtimeMinutes: Int?,
        genres: [String]
    ) {
        self.tconst = tconst
        self.titleType = titleType
        self.primaryTitle = primaryTitle
        self.originalTitle = originalTitle
        self.isAdult = isAdult
        self.startYear = startYear
        self.endYear = endYear
        self.runtimeMinutes = runtimeMinutes
        self.genres = genres
    }

    /// The row as a line of the file, without the newline: `\N` for nulls, genres joined by
    /// commas.
    public var tsvLine: String {
        func number(_ value: Int?) -> String { value.map(String.init) ?? "\\N" }
        return [
            tconst, titleType, primaryTitle, originalTitle, isAdult ? "1" : "0", number(startYear),
            number(endYear), number(runtimeMinutes), genres.isEmpty ? "\\N" : genres.joined(separator: ","),
        ].joined(separator: "\t")
    }

    /// The genres as stored in the file and in SQLite: comma-separated, or nil for none.
    public var genreList: String? {
        genres.isEmpty ? nil : genres.joined(separator: ",")
    }

    /// The title as a JSON object (keys in column order, nulls as `null`).
    public var json: String {
        var out = "{\"tconst\":"
        JSON.append(string: tconst, to: &out)
        out += ",\"titleType\":"
        JSON.append(string: titleType, to: &out)
        out += ",\"primaryTitle\":"
        JSON.append(string: primaryTitle, to: &out)
        out += ",\"originalTitle\":"
        JSON.append(string: originalTitle, to: &out)
        out += ",\"isAdult\":\(isAdult)"
        out += ",\"startYear\":\(startYear.map(String.init) ?? "null")"
        out += ",\"endYear\":\(endYear.map(String.init) ?? "null")"
        out += ",\"runtimeMinutes\":\(runtimeMinutes.map(String.init) ?? "null")"
        out += ",\"genres\":["
        for (index, genre) in genres.enumerated() {
            if index > 0 { out += "," }
            JSON.append(string: genre, to: &out)
        }
        return out + "]}"
    }
}

/// The few JSON pieces the API writes by hand (so the output is exact and its key order fixed).
public enum JSON {
    /// Appends `string` as a JSON string literal: quotes, backslashes and control characters
    /// escaped, everything else (non-ASCII included) as UTF-8.
    public static func append(string: String, to out: inout String) {
        out += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// `string` as a JSON string literal.
    public static func quoted(_ string: String) -> String {
        var out = ""
        append(string: string, to: &out)
        return out
    }
}
