import EmbeddedSources
import Foundation
import LessonCore
import LessonRunner
import Testing

/// The embedded copy of `Sources/LessonSupport`, and support libraries with C modules,
/// dependencies and link flags, built by real `swiftc` into a cache of their own.
extension RealProcesses {
    @Suite struct SupportLibraryTests {
        /// A C module over a header of ours: `fake_answer()` returns 42.
        static let fakeC = SystemModule(
            name: "CFake",
            files: [
                EmbeddedFile(
                    name: "module.modulemap", text: "module CFake {\n    header \"fake.h\"\n    export *\n}\n"),
                EmbeddedFile(name: "fake.h", text: "static inline int fake_answer(void) { return 42; }\n"),
            ],
            requiredHeaders: [], install: "nothing")
        /// A library over `CFake`.
        static let base = SupportLibrary(
            module: "FakeBase",
            sources: [
                EmbeddedFile(
                    name: "Answer.swift",
                    text:
                        "import CFake\n\n/// The answer, from C.\npublic func answer() -> Int { Int(fake_answer()) }\n")
            ],
            systemModules: [fakeC])
        /// A library that depends on `FakeBase`, in a subdirectory.
        static let top = SupportLibrary(
            module: "FakeTop",
            sources: [
                EmbeddedFile(
                    name: "Nested/Double.swift",
                    text: "import FakeBase\n\n/// Twice the answer.\npublic func doubled() -> Int { 2 * answer() }\n")
            ],
            dependencies: ["FakeBase"])

        func cache(_ libraries: [SupportLibrary]) throws -> BuildCache {
            let directory = NSTemporaryDirectory() + "lesson-support-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            return BuildCache(
                directory: directory, toolchain: try Toolchain.locate(), libraries: SupportRegistry(libraries))
        }

        func snippet(_ code: String) -> BuildRequest {
            BuildRequest(sources: [SourceFile(name: "main.swift", text: code)])
        }

        func output(of product: BuildProduct) async throws -> [String] {
            let executable = try #require(product.executable, "\(product.result.output)")
            return try await Subprocess.compiledSwift(executable).run().lines.map(\.text)
        }

        @Test func movieSupportIsRegisteredWithItsCModulesAndDependency() throws {
            let library = SupportLibrary.movieSupport
            #expect(library.sources == EmbeddedSources.files(in: "MovieSupport"))
            #expect(library.sources.contains { $0.name == "MovieDatabase.swift" })
            #expect(library.linkFlags == ["-lsqlite3", "-lz"])
            #expect(library.systemModules.map(\.name) == ["CSQLite", "CZlib"])
            #expect(library.systemModules.map(\.requiredHeaders) == [["sqlite3.h"], ["zlib.h"]])
            #expect(library.systemModules.allSatisfy { $0.files.contains { $0.name == "module.modulemap" } })
            let closure = try SupportRegistry.standard.closure(of: ["MovieSupport"])
            #expect(closure.map(\.module) == ["LessonSupport", "MovieSupport"])
        }

        @Test func lessonSupportIsBuiltFromItsEmbeddedSources() {
            #expect(SupportLibrary.lessonSupport.sources == EmbeddedSources.files(in: "LessonSupport"))
            #expect(SupportLibrary.lessonSupport.sources.count > 10)
        }

        @Test func aSnippetImportingALibraryLinksItsDependenciesAndCModules() async throws {
            let cache = try cache([Self.base, Self.top])
            let product = try await cache.build(snippet("import FakeTop\nprint(doubled())\n"))
            #expect(try await output(of: product) == ["84"])
            let again = try await cache.build(snippet("import FakeTop\nprint(doubled())\n"))
            #expect(again.result.cached)
        }

        @Test func onlyImportedLibrariesAreBuilt() async throws {
            let directory = NSTemporaryDirectory() + "lesson-support-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let cache = BuildCache(
                directory: directory, toolchain: try Toolchain.locate(),
                libraries: SupportRegistry([Self.base, Self.top]))
            let product = try await cache.build(snippet("@preconcurrency import FakeBase\nprint(answer())\n"))
            #expect(try await output(of: product) == ["42"])
            let entries = try FileManager.default.contentsOfDirectory(atPath: directory)
            #expect(entries.filter { $0.hasPrefix("support-") }.map { $0.split(separator: "-")[1] } == ["FakeBase"])
        }

        @Test func linkFlagsReachTheLinker() async throws {
            var broken = Self.base
            broken.linkFlags = ["-llesson_no_such_library"]
            let cache = try cache([broken])
            let error = await #expect(throws: ToolError.self) {
                try await cache.build(snippet("import FakeBase\nprint(answer())\n"))
            }
            #expect("\(error.map { "\($0)" } ?? "")".contains("lesson_no_such_library"))
        }

        @Test func aMissingSystemHeaderFailsTheSnippetWithTheInstallHint() async throws {
            var missing = Self.fakeC
            missing.files[1] = EmbeddedFile(name: "fake.h", text: "#include <lesson_no_such_header.h>\n")
            missing.requiredHeaders = ["lesson_no_such_header.h"]
            missing.install = "apt-get install liblesson-dev"
            var library = Self.base
            library.systemModules = [missing]
            let cache = try cache([library])
            let source = """
                # Needs a header

                ```swift
                import FakeBase
                print(answer())
                ```

                ```swift
                print("still runs")
                ```
                """
            let (lesson, problems) = LessonParser.parse(source, path: "needs-header.md")
            #expect(problems.isEmpty)
            let report = try await LessonRun(cache: cache).run(lesson, options: RunOptions())
            #expect(report.snippets.map(\.status) == [.error, .pass])
            let message = try #require(report.snippets[0].error)
            #expect(!message.contains("\n"))
            #expect(
                message
                    == "FakeBase needs lesson_no_such_header.h, which is not installed: apt-get install liblesson-dev"
            )
        }

        @Test func aRealSystemLibraryLinksOrNamesItsPackage() async throws {
            // zlib through a C module of ours, as a library over sqlite3 or zlib would do it.
            let zlib = SystemModule(
                name: "CZlib",
                files: [
                    EmbeddedFile(
                        name: "module.modulemap", text: "module CZlib {\n    header \"shim.h\"\n    export *\n}\n"),
                    EmbeddedFile(name: "shim.h", text: "#include <zlib.h>\n"),
                ],
                requiredHeaders: ["zlib.h"],
                install: "apt-get install zlib1g-dev")
            let library = SupportLibrary(
                module: "Compression",
                sources: [
                    EmbeddedFile(
                        name: "Version.swift",
                        text:
                            "import CZlib\n\n/// zlib's version.\npublic func zlibVersionText() -> String { String(cString: zlibVersion()) }\n"
                    )
                ],
                linkFlags: ["-lz"], systemModules: [zlib])
            let cache = try cache([library])
            do {
                let product = try await cache.build(
                    snippet("import Compression\nprint(zlibVersionText().first!.isNumber)\n"))
                #expect(try await output(of: product) == ["true"])
            } catch let unavailable as SupportLibraryUnavailable {
                #expect(unavailable.header == "zlib.h")
                #expect(
                    unavailable.description.hasSuffix("apt-get install zlib1g-dev"))
            }
        }

        @Test func aRegistryCycleOrUnknownDependencyIsAnError() throws {
            var loop = Self.base
            loop.dependencies = ["FakeTop"]
            #expect(throws: ToolError.self) { try SupportRegistry([loop, Self.top]).closure(of: ["FakeTop"]) }
            #expect(throws: ToolError.self) { try SupportRegistry([Self.top]).closure(of: ["FakeTop"]) }
            let order = try SupportRegistry([Self.top, Self.base]).closure(of: ["Foundation", "FakeTop"])
            #expect(order.map(\.module) == ["FakeBase", "FakeTop"])
        }
    }
}
