import EmbeddedSources
import Foundation
import Testing

/// The binary carries exactly the files of each embedded directory, byte for byte.
struct EmbeddedSourcesTests {
    /// Every regular file below `directory`, relative to it, sorted.
    static func files(under directory: String) throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: directory).filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: "\(directory)/\(name)", isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }.sorted()
    }

    @Test(arguments: [("LessonSupport", "Sources/LessonSupport"), ("Workshop", "Templates/Workshop")])
    func theEmbeddedCopyMatchesTheDirectory(_ name: String, _ path: String) throws {
        let directory = "\(Fixtures.root)/\(path)"
        let embedded = try #require(EmbeddedSources.files(in: name))
        #expect(embedded.map(\.name) == (try Self.files(under: directory)))
        for file in embedded {
            let text = try String(contentsOfFile: "\(directory)/\(file.name)", encoding: .utf8)
            #expect(file.text == text, "\(path)/\(file.name) differs from its embedded copy")
        }
        #expect(EmbeddedSources.directories.contains(name))
        #expect(EmbeddedSources.files(in: "NoSuchDirectory") == nil)
    }
}
