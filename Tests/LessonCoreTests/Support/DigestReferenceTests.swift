import Foundation
import LessonCore
import Testing

/// SHA-256 and base64, the project's one implementation of each, against the machine's own
/// `sha256sum` and `base64` commands on the same bytes.
struct DigestReferenceTests {
    /// Inputs around the block and padding edges: empty, one byte, 55/56/63/64/65 bytes (where
    /// SHA-256's length field and the block boundary fall), a long one, and non-ASCII text.
    static let samples: [[UInt8]] =
        [[], [0x61], Array("abc".utf8), Array("ab".utf8)]
        + [55, 56, 63, 64, 65, 1000].map { count in (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) } }
        + [Array("é 東京物語 🚀\n\t\\".utf8), Array(repeating: 0xff, count: 129)]

    /// Runs `command` with `input` on standard input and returns its standard output.
    static func reference(_ command: String, _ arguments: [String], input: [UInt8]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [command] + arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(command) failed")
        return String(decoding: output, as: UTF8.self)
    }

    @Test(arguments: samples) func sha256AgreesWithSha256sum(_ bytes: [UInt8]) throws {
        let printed = try Self.reference("sha256sum", [], input: bytes)
        let expected = String(printed.prefix { $0 != " " })
        var hasher = SHA256()
        hasher.update(bytes)
        #expect(hasher.hexDigest() == expected)
        let digest = SHA256.digest(bytes)
        #expect(digest.count == 32)
        #expect(
            digest.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
                .joined() == expected)
    }

    @Test(arguments: samples) func base64AgreesWithBase64(_ bytes: [UInt8]) throws {
        // `-w 0`: one line, however long; the command ends it with a newline.
        let printed = try Self.reference("base64", ["-w", "0"], input: bytes)
        #expect(Base64.encode(bytes) == printed.trimmingCharacters(in: .newlines))
    }
}
