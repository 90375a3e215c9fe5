import Foundation
import LessonCore
import LessonRunner
import Testing

extension RealProcesses {
    /// `AutolinkEntries` reads the sections `swift-autolink-extract` reads: the same flags, on
    /// objects the real frontend writes for programs that import different modules (and none).
    @Suite struct AutolinkEntriesTests {
        static let programs: [(String, String)] = [
            ("nothing imported", "print(1 + 1)\n"),
            ("Foundation", "import Foundation\nprint(Date() > .distantPast)\n"),
            (
                "Dispatch and Synchronization",
                "import Dispatch\nimport Synchronization\nlet m = Mutex(0)\nprint(m.withLock { $0 })\n"
            ),
            ("Glibc", "import Glibc\nprint(getpid() > 0)\n"),
            (
                "async code and a regex",
                "func f() async -> Int { 1 }\nprint(await f())\nprint(\"a1\".contains(/\\d/))\n"
            ),
        ]

        @Test(arguments: programs)
        func theFlagsAreThoseOfSwiftAutolinkExtract(_ name: String, _ program: String) async throws {
            let swiftc = URL(fileURLWithPath: try Toolchain.locate().swiftc).resolvingSymlinksInPath()
            let bin = swiftc.deletingLastPathComponent().path
            let directory = NSTemporaryDirectory() + "lesson-autolink-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            try program.write(toFile: "\(directory)/main.swift", atomically: true, encoding: .utf8)
            try run(
                "\(bin)/swiftc", ["-swift-version", "6", "-c", "main.swift", "-o", "main.o", "-module-name", "main"],
                in: directory)
            try run("\(bin)/swift-autolink-extract", ["main.o", "-o", "main.autolink"], in: directory)
            let reference = try String(contentsOfFile: "\(directory)/main.autolink", encoding: .utf8)
            let object = try #require(FileManager.default.contents(atPath: "\(directory)/main.o"))
            let entries = try #require(AutolinkEntries.extract([UInt8](object)), "\(name): not read")
            let flags = Self.flags(entries)
            // The same flags, each once (the tool puts them in an order of its own, which the
            // cache keeps by keeping its file).
            #expect(!flags.isEmpty)
            #expect(flags.count == Set(flags).count)
            #expect(flags.sorted() == reference.split(separator: "\n").map(String.init).sorted(), "\(name)")
        }

        @Test func anythingButAnELFObjectIsNotRead() throws {
            #expect(AutolinkEntries.extract([]) == nil)
            #expect(AutolinkEntries.extract(Array("#!/bin/sh\necho hi\n".utf8)) == nil)
            let swiftc = URL(fileURLWithPath: try Toolchain.locate().swiftc).resolvingSymlinksInPath()
            // An executable is ELF but not a relocatable object.
            let executable = try #require(FileManager.default.contents(atPath: swiftc.path))
            #expect(AutolinkEntries.extract([UInt8](executable.prefix(4096))) == nil)
            // Headers that point outside the file are refused, not read past the end.
            var truncated = [UInt8](repeating: 0, count: 64)
            truncated.replaceSubrange(0..<6, with: [0x7F, 0x45, 0x4C, 0x46, 2, 1])
            truncated[16] = 1
            truncated[0x28] = 0xFF
            truncated[0x3A] = 64
            truncated[0x3C] = 3
            #expect(AutolinkEntries.extract(truncated) == nil)
        }

        /// The flags in autolink `entries`, each once, in the order first met.
        static func flags(_ entries: [UInt8]) -> [String] {
            var seen: Set<String> = []
            return entries.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.filter {
                seen.insert($0).inserted
            }
        }

        private func run(_ program: String, _ arguments: [String], in directory: String) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(program) \(arguments)")
        }
    }
}
