import MovieSupport
import Testing

/// Query strings and the parameters of `/titles`.
struct QueryTests {
    func parse(_ text: String) throws -> [String] {
        try QueryString.parse(text).map { "\($0.name)=\($0.value)" }
    }

    @Test func plusPercentAndUTF8() throws {
        #expect(try parse("q=caf%C3%A9+noir&year=1994") == ["q=café noir", "year=1994"])
        #expect(try parse("q=a%20b%2Bc") == ["q=a b+c"])
        #expect(try parse("q=%E6%9D%B1%E4%BA%AC") == ["q=東京"])
        #expect(try parse("q=東京") == ["q=東京"])
        #expect(try parse("a%3Db=c%26d") == ["a=b=c&d"])
        #expect(try parse("") == [])
        #expect(try parse("&&a=1&&b&") == ["a=1", "b="])
        #expect(try parse("q=%41%62") == ["q=Ab"])
    }

    @Test func repeatedKeysAreAllKeptInOrder() throws {
        #expect(try parse("genre=Drama&genre=Comedy") == ["genre=Drama", "genre=Comedy"])
        let pairs = try QueryString.parse("year=1990&year=1991")
        #expect(TitleQuery.from(pairs) == .failure(QueryError("parameter 'year' is given more than once")))
    }

    @Test func badEscapesAndBadUTF8AreErrors() {
        for text in ["q=%", "q=%2", "q=%zz", "q=abc%g1", "q=100%"] {
            #expect(throws: QueryError.self, "\(text)") { try QueryString.parse(text) }
        }
        let error = #expect(throws: QueryError.self) { try QueryString.parse("q=%FF%FE") }
        #expect(error?.message == "'%FF%FE' does not decode to UTF-8 text")
        let escape = #expect(throws: QueryError.self) { try QueryString.parse("q=%2") }
        #expect(escape?.message == "bad percent escape in '%2': '%' must be followed by two hex digits")
    }

    @Test func encodeRoundTrips() throws {
        for text in ["café noir", "a+b&c=d", "東京の夜", "100%", "~-._"] {
            #expect(try QueryString.parse("q=" + QueryString.encode(text)).first?.value == text)
        }
        #expect(QueryString.encode("a b") == "a+b")
    }

    @Test func parametersAreValidated() throws {
        func query(_ text: String) throws -> Result<TitleQuery, QueryError> {
            TitleQuery.from(try QueryString.parse(text))
        }
        #expect(
            try query("year=1994&genre=Drama&type=movie&q=caf%C3%A9&limit=5")
                == .success(TitleQuery(year: 1994, genre: "Drama", type: "movie", text: "café", limit: 5)))
        #expect(try query("") == .success(TitleQuery()))
        let cases: [(String, String)] = [
            ("year=abc", "year must be a whole number from 1870 to 2100, got 'abc'"),
            ("year=3000", "year must be a whole number from 1870 to 2100, got '3000'"),
            ("genre=drama", "unknown genre 'drama' (genres are case-sensitive, e.g. Drama)"),
            ("type=film", "unknown type 'film' (e.g. movie, short, tvSeries)"),
            ("limit=0", "limit must be a whole number from 1 to 1000, got '0'"),
            ("limit=1001", "limit must be a whole number from 1 to 1000, got '1001'"),
            ("q=", "q must be 1 to 100 characters"),
            ("sort=year", "unknown parameter 'sort'; use year, genre, type, q or limit"),
        ]
        for (text, message) in cases {
            #expect(try query(text) == .failure(QueryError(message)), "\(text)")
        }
    }

    @Test func textMatchIgnoresASCIICaseOnly() {
        #expect(TitleQuery.containsIgnoringASCIICase("The Silent River", "silent r"))
        #expect(TitleQuery.containsIgnoringASCIICase("Café Noir", "CAFé"))
        #expect(!TitleQuery.containsIgnoringASCIICase("Café Noir", "CAFÉ"))
        #expect(!TitleQuery.containsIgnoringASCIICase("abc", "abcd"))
    }
}
