import LessonCore
import Testing

/// Which modules a source imports, read from its import declarations only.
struct SwiftImportsTests {
    @Test func plainAttributedAndScopedImportsNameTheirModule() {
        let source = """
            import Foundation
            @preconcurrency import Dispatch
            @testable import LessonSupport
            import struct MovieSupport.Movie
            import func Glibc.write
            public import Synchronization; internal import Observation
            @_spi(Private) @preconcurrency import CSQLite
            #if canImport(Darwin)
                import Darwin
            #endif
            """
        #expect(
            SwiftImports.modules(in: source) == [
                "Foundation", "Dispatch", "LessonSupport", "MovieSupport", "Glibc", "Synchronization",
                "Observation", "CSQLite", "Darwin",
            ])
    }

    @Test func commentsAndStringsAreNotImports() {
        let source = #"""
            // import Hidden1
            /* import Hidden2
               /* nested */ import Hidden3 */
            let text = "import Hidden4"
            let raw = #"x "# + "import Hidden5"
            let long = """
                import Hidden6
                \(1)"""
            let escaped = "quote \" import Hidden7"
            import Visible
            let imported = 1  // a variable named like a keyword is not a declaration
            """#
        #expect(SwiftImports.modules(in: source) == ["Visible"])
    }

    @Test func eachModuleOnceInOrderOfFirstImport() {
        let source = "import B\nimport A\nimport B.Sub\nimport A\n"
        #expect(SwiftImports.modules(in: source) == ["B", "A"])
    }

    @Test func somethingThatOnlyLooksLikeAnImportIsNot() {
        #expect(SwiftImports.modules(in: "importLessonSupport()\nlet x = 1 import\n") == [])
        #expect(SwiftImports.modules(in: "import\nimport 9Lives\n") == [])
    }
}
