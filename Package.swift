// swift-tools-version: 6.0
import Foundation
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "lesson",
    products: [
        .executable(name: "lesson", targets: ["lesson"]),
        .library(name: "LessonSupport", targets: ["LessonSupport"]),
        .library(name: "MovieSupport", targets: ["MovieSupport"]),
    ],
    targets: [
        // Pure: CommonMark block and inline parsing, HTML rendering. No files, processes or clocks.
        .target(name: "CommonMark", swiftSettings: strict),
        // Pure: the line format a quiz's judge and answer speak, which LessonCore reads verdicts in.
        // Also embedded as source into every judge and answer program (EmbedSources).
        .target(name: "QuizWire", swiftSettings: strict),
        // Pure: lessons, expectations, checking, grading logic, reports.
        .target(name: "LessonCore", dependencies: ["CommonMark", "QuizWire"], swiftSettings: strict),
        // Pure: the static site's pages, highlighting and timelines.
        // Its script and style sheet are real files (SiteAssets/), embedded by the EmbedSources plugin.
        .target(
            name: "LessonSite", dependencies: ["LessonCore", "CommonMark", "EmbeddedSources"], exclude: ["SiteAssets"],
            swiftSettings: strict),
        // C library calls the Swift overlay does not declare (pipe2, openpty, prctl, ...).
        .target(name: "CLessonPlatform"),
        // Header-only (static inline): also compiled into every quiz judge with `-I`.
        .systemLibrary(name: "CJudge", path: "Sources/CJudge"),
        // The quiz programs' kits, embedded as source into every judge and answer program; targets
        // here only so that `swift build` type-checks them. Nothing in the tool depends on them.
        .target(name: "QuizPipe", dependencies: ["QuizWire"], swiftSettings: strict),
        .target(
            name: "JudgeKit", dependencies: ["QuizWire", "QuizPipe", "CJudge", "LessonCore", "LessonRunner"],
            swiftSettings: strict),
        .target(name: "AnswerKit", dependencies: ["QuizWire", "QuizPipe"], swiftSettings: strict),
        // The text of the sources `lesson` compiles into snippets (LessonSupport, ...), embedded
        // at build time by the EmbedSources plugin so that a lone binary can run a workshop.
        .target(name: "EmbeddedSources", swiftSettings: strict, plugins: ["EmbedSources"]),
        .executableTarget(name: "EmbedSourcesTool", swiftSettings: strict),
        .plugin(name: "EmbedSources", capability: .buildTool(), dependencies: ["EmbedSourcesTool"]),
        // The edges: files, swiftc, processes, clocks, the build cache.
        .target(
            name: "LessonRunner",
            dependencies: ["LessonCore", "CommonMark", "CLessonPlatform", "CJudge", "EmbeddedSources"],
            swiftSettings: strict),
        // A library that snippets may import: demo HTTP server and client, seeded RNG, timing helpers.
        .target(name: "LessonSupport", swiftSettings: strict),
        // `lesson serve`: the site served live on loopback, with editing, runs and grading.
        .target(
            name: "LessonServe",
            dependencies: ["LessonCore", "LessonRunner", "LessonSite", "LessonSupport", "EmbeddedSources"],
            exclude: ["ServeFront"], swiftSettings: strict),
        // The operating system's SQLite and zlib, reached through module maps (not packages).
        .systemLibrary(
            name: "CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // The capstone: a movie API on SQLite. Never a dependency of the `lesson` tool, so the
        // tool builds without the SQLite and zlib headers.
        .target(
            name: "MovieSupport", dependencies: ["LessonSupport", "CSQLite", "CZlib"], swiftSettings: strict),
        // The capstone's numbers: load, latency, query and memory benchmarks.
        .executableTarget(name: "movie-bench", dependencies: ["MovieSupport", "LessonSupport"], swiftSettings: strict),
        // The program `lesson demo movies` compiles at run time (embedded as source); a target
        // here only so that `swift build` type-checks it.
        .executableTarget(name: "movies-demo", dependencies: ["MovieSupport", "LessonSupport"], swiftSettings: strict),
        // The terminal's edge of the tool: standard streams, the status line, and Ctrl-C, which
        // ends every process the tool started (the CLI and `lesson serve` share it); the shared
        // argument parser and exit codes; what the commands do at a terminal (grading, the demos).
        .target(
            name: "LessonConsole",
            dependencies: ["LessonCore", "LessonRunner", "LessonSite", "LessonSupport", "EmbeddedSources"],
            swiftSettings: strict),
        // The thin command-line tool.
        .executableTarget(
            name: "lesson",
            dependencies: [
                "LessonCore", "LessonRunner", "LessonSite", "LessonSupport", "LessonServe", "CommonMark",
                "EmbeddedSources", "LessonConsole",
            ],
            swiftSettings: strict
        ),
        // Test helpers. The raw loopback client the socket tests share (over LessonSupport only).
        .target(
            name: "LoopbackTestSupport", dependencies: ["LessonSupport"], path: "Tests/LoopbackTestSupport",
            swiftSettings: strict),
        // What the suites that run real processes share: the package root, one build cache, the
        // built binaries, /proc probes, and the trait that runs one target's such suites at a time.
        .target(
            name: "TestSupport", dependencies: ["LessonCore", "LessonRunner"], path: "Tests/TestSupport",
            swiftSettings: strict),
        // Each test target tests the module it is named after (`lesson` and LessonConsole: LessonConsoleTests).
        .testTarget(
            name: "CommonMarkTests", dependencies: ["CommonMark"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "LessonCoreTests", dependencies: ["LessonCore"], swiftSettings: strict),
        .testTarget(name: "JudgeKitTests", dependencies: ["JudgeKit", "LessonRunner"], swiftSettings: strict),
        .testTarget(
            name: "LessonSupportTests", dependencies: ["LessonSupport", "LoopbackTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "MovieSupportTests", dependencies: ["MovieSupport", "LessonSupport", "LoopbackTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: strict),
        .testTarget(
            name: "LessonSiteTests", dependencies: ["LessonSite", "LessonCore", "CommonMark"], exclude: ["Golden"],
            swiftSettings: strict),
        .testTarget(
            name: "EmbeddedSourcesTests",
            dependencies: ["EmbeddedSources", "LessonCore", "LessonRunner", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "LessonRunnerTests",
            dependencies: [
                "LessonCore", "LessonRunner", "LessonSite", "EmbeddedSources", "LoopbackTestSupport", "QuizWire",
                "TestSupport",
            ],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LessonServeTests",
            dependencies: [
                "LessonCore", "LessonRunner", "LessonServe", "LessonSupport", "LoopbackTestSupport", "TestSupport",
            ],
            swiftSettings: strict
        ),
        // The `lesson` binary as a user runs it (Sources/lesson over LessonConsole).
        .testTarget(
            name: "LessonConsoleTests",
            dependencies: ["LessonCore", "LessonRunner", "LoopbackTestSupport", "TestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)

// The learner edition (`lesson export --learner DIR`) ships without Tests/ (its fixtures are
// graded answers, and its tests grade the reference solutions it leaves out): no test targets.
if !FileManager.default.fileExists(atPath: Context.packageDirectory + "/Tests") {
    package.targets.removeAll { $0.type == .test || $0.path?.hasPrefix("Tests/") == true }
}
