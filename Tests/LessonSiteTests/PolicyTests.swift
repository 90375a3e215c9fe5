import LessonCore
import LessonSite
import Testing

/// Every page allows the site's one script and nothing else (Chromium proves the effect in
/// scripts/browser-test.sh; these prove the page says so, with the right hash).
@Suite struct PolicyTests {
    @Test(arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ])
    func base64MatchesRFC4648(text: String, encoded: String) {
        #expect(Base64.encode(Array(text.utf8)) == encoded)
    }

    @Test func theDigestIsSHA256() {
        #expect(Base64.encode(SHA256.digest(Array("abc".utf8))) == "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=")
    }

    @Test func everyPageAllowsItsOneInlineScriptByHashAndNothingElse() throws {
        let meta =
            "<meta http-equiv=\"Content-Security-Policy\" content=\"\(HTML.attribute(LessonSite.contentSecurityPolicy))\">"
        #expect(LessonSite.contentSecurityPolicy.hasPrefix("script-src \(LessonSite.scriptHash) 'strict-dynamic';"))
        for file in SiteFixture.site where file.path.hasSuffix(".html") {
            let head = try #require(file.contents.firstRange(of: "</head>")).lowerBound
            #expect(file.contents[..<head].contains("<meta charset=\"utf-8\">\n" + meta + "\n"), "\(file.path)")
            // The fixture lesson prints "<script>alert(1)</script>": escaped, it is no element.
            let scripts = file.contents.ranges(of: "<script").map { file.contents[$0.lowerBound...] }
            #expect(scripts.count == 1, "\(file.path) has \(scripts.count) script elements")
            let body = try #require(scripts.first?.dropFirst("<script>".count).firstRange(of: "</script>"))
            let source = String(
                file.contents[file.contents.index(scripts[0].startIndex, offsetBy: 8)..<body.lowerBound])
            #expect(LessonSite.scriptHash == "'sha256-\(Base64.encode(SHA256.digest(Array(source.utf8))))'")
        }
    }

    @Test func aServerCanLeaveThePolicyToItsOwnHeader() {
        let pages = LessonSite.render(lessons: [SiteFixture.lesson], quizzes: [], policy: nil)
        #expect(pages.allSatisfy { !$0.contents.contains("Content-Security-Policy") })
    }
}
