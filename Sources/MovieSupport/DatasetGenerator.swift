import LessonSupport

/// Writes a synthetic `title.basics.tsv.gz` in exactly IMDb's format, the same for the same
/// seed on every machine.
///
/// IMDb's licence forbids passing its files around, so the workshop makes its own: nine
/// tab-separated columns, `\N` for nulls, comma-separated genres, title types in IMDb's
/// proportions, years from 1894 on (most of them recent), runtimes that fit the type, and
/// about one title in twelve with a non-ASCII name.
public struct DatasetGenerator: Sendable {
    /// The 28 genres IMDb uses.
    public static let genres = [
        "Action", "Adult", "Adventure", "Animation", "Biography", "Comedy", "Crime", "Documentary",
        "Drama", "Family", "Fantasy", "Film-Noir", "Game-Show", "History", "Horror", "Music", "Musical",
        "Mystery", "News", "Reality-TV", "Romance", "Sci-Fi", "Short", "Sport", "Talk-Show", "Thriller",
        "War", "Western",
    ]
    /// IMDb's title types with how often each is generated (weights out of 100).
    public static let titleTypes: [(type: String, weight: Int)] = [
        ("movie", 22), ("short", 10), ("tvEpisode", 40), ("tvSeries", 8), ("tvMovie", 5),
        ("video", 6), ("tvMiniSeries", 3), ("videoGame", 2), ("tvSpecial", 3), ("tvShort", 1),
    ]

    private static let adjectives = [
        "Silent", "Last", "Golden", "Broken", "Hidden", "Electric", "Crimson", "Lonely", "Endless",
        "Midnight", "Wild", "Frozen", "Little", "Secret", "Burning", "Distant", "Brave", "Quiet",
    ]
    private static let nouns = [
        "River", "Summer", "City", "Garden", "Road", "Station", "Letter", "Harbor", "Kingdom",
        "Machine", "Island", "Mirror", "Orchestra", "Detective", "Winter", "Lighthouse", "Circus",
        "Planet", "Coffee", "Train",
    ]
    private static let places = [
        "Paris", "Lagos", "Osaka", "Lima", "Oslo", "Cairo", "Dublin", "Hanoi", "Quebec", "Seville",
    ]
    /// Names in other scripts and accents, used as original titles (and sometimes as both).
    private static let foreign = [
        "Le Café des Étoiles", "Straße der Träume", "Ночной поезд", "東京の夜", "Żółta łódź",
        "El Niño y el Mar", "Cœur de Lion", "Sønner av Nord", "Ölüm Yolu", "Canção da Ribeira",
        "Kärlek och Ära", "पुरानी हवेली", "바다의 노래", "Çiçekli Bahçe", "Ο Ήλιος της Αθήνας",
    ]

    /// The seed every row follows from.
    public var seed: UInt64

    /// Creates a generator for `seed`.
    public init(seed: UInt64 = MovieDataset.defaultSeed) {
        self.seed = seed
    }

    /// Calls `body` with each of the first `rows` titles, in `tconst` order.
    public func forEach(rows: Int, _ body: (Title) throws -> Void) rethrows {
        var random = SplitMix64(seed: seed)
        var number = 0
        for _ in 0..<rows {
            number += 1 + Int(random.next() % 3)
            try body(title(number: number, random: &random))
        }
    }

    /// The first `rows` titles.
    public func titles(rows: Int) -> [Title] {
        var titles: [Title] = []
        titles.reserveCapacity(rows)
        forEach(rows: rows) { titles.append($0) }
        return titles
    }

    /// Writes the header and `rows` titles, gzip-compressed, to `path` (replacing it).
    public func write(rows: Int, to path: String) throws(GzipError) {
        let writer = try GzipWriter(path: path)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 17)
        buffer += Title.header.utf8
        buffer.append(0x0A)
        do {
            try forEach(rows: rows) { title throws(GzipError) in
                buffer += title.tsvLine.utf8
                buffer.append(0x0A)
                if buffer.count >= 1 << 16 {
                    try writer.write(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try writer.write(buffer)
            try writer.finish()
        } catch let error as GzipError {
            throw error
        } catch {
            throw GzipError(message: "\(error)")
        }
    }

    private func title(number: Int, random: inout SplitMix64) -> Title {
        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }
        func between(_ low: Int, _ high: Int) -> Int { low + Int(random.next() % UInt64(high - low + 1)) }

        var roll = Int(random.next() % 100)
        var type = "movie"
        for candidate in Self.titleTypes {
            if roll < candidate.weight {
                type = candidate.type
                break
            }
            roll -= candidate.weight
        }
        var primary: String
        switch random.next() % 4 {
        case 0: primary = "The \(pick(Self.adjectives)) \(pick(Self.nouns))"
        case 1: primary = "\(pick(Self.nouns)) of \(pick(Self.places))"
        case 2: primary = "\(pick(Self.adjectives)) \(pick(Self.nouns)) \(between(2, 4))"
        default: primary = "A \(pick(Self.nouns)) in \(pick(Self.places))"
        }
        if type == "tvEpisode" { primary = "Episode #\(between(1, 12)).\(between(1, 30))" }
        var original = primary
        if chance(8) {
            original = pick(Self.foreign)
            if chance(50) { primary = original }
        }
        // Years skew recent, as IMDb's do: three draws, keep the latest.
        let start = max(between(1894, 2025), between(1894, 2025), between(1940, 2025))
        let startYear: Int? = chance(3) ? nil : start
        var endYear: Int?
        if type == "tvSeries" || type == "tvMiniSeries", let startYear, chance(70) {
            endYear = min(2025, startYear + between(0, 12))
        }
        let runtime: Int
        switch type {
        case "movie", "tvMovie": runtime = between(62, 190)
        case "short", "tvShort": runtime = between(1, 40)
        case "tvEpisode": runtime = between(18, 65)
        case "tvSeries", "tvMiniSeries": runtime = between(20, 60)
        case "videoGame": runtime = between(5, 600)
        default: runtime = between(30, 120)
        }
        let runtimeMinutes: Int? = chance(type == "tvEpisode" ? 45 : 15) ? nil : runtime
        var genres: [String] = []
        if !chance(5) {
            let count = between(1, 3)
            while genres.count < count {
                var genre = pick(Self.genres)
                if genre == "Adult" { genre = "Drama" }
                if type == "short", genres.isEmpty, chance(60) { genre = "Short" }
                if !genres.contains(genre) { genres.append(genre) }
            }
            genres.sort()
        }
        let isAdult = chance(1)
        if isAdult, !genres.contains("Adult"), genres.count < 3 {
            genres.append("Adult")
            genres.sort()
        }
        let digits = String(number)
        let tconst = "tt" + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
        return Title(
            tconst: tconst, titleType: type, primaryTitle: primary, originalTitle: original,
            isAdult: isAdult, startYear: startYear, endYear: endYear, runtimeMinutes: runtimeMinutes,
            genres: genres)
    }
}
