import LessonSupport
import Testing

@Suite struct PercentEncodingTests {
    @Test func decodesEscapesAndPlusOnlyWhenAsked() throws {
        #expect(try PercentEncoding.decode("caf%C3%A9+noir", plusIsSpace: true) == "café noir")
        #expect(try PercentEncoding.decode("a+b%2Bc") == "a+b+c")
        #expect(try PercentEncoding.decode("%2e%2E%2f") == "../")
        #expect(try PercentEncoding.decode("") == "")
    }

    @Test func refusesBadEscapesAndBytesThatAreNotUTF8() {
        for bad in ["%", "%4", "%G1", "abc%", "%%41"] {
            #expect(throws: PercentEncoding.Failure.badEscape) { try PercentEncoding.decode(bad[...]) }
        }
        for bad in ["%FF", "%C3", "%C3%28", "%ED%A0%80"] {
            #expect(throws: PercentEncoding.Failure.notUTF8) { try PercentEncoding.decode(bad[...]) }
        }
    }
}
