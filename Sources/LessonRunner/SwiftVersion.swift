import Foundation
import LessonCore

/// The Swift version the lessons need, and how to find the one installed.
package enum SwiftVersion {
    /// The oldest Swift the lessons compile with: they use `Task.immediate`, `@concurrent` and
    /// `nonisolated(nonsending)`, all new in Swift 6.2.
    package static let minimum = Version(major: 6, minor: 2)

    /// How to get a newer one.
    package static let installFix =
        "install Swift 6.2 or later (https://www.swift.org/install), or set SWIFTC to its swiftc"

    /// A `major.minor` version, ordered.
    package struct Version: Comparable, CustomStringConvertible {
        package var major: Int
        package var minor: Int
        package var patch = 0
        package static func < (a: Version, b: Version) -> Bool {
            (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch)
        }
        package var description: String { patch == 0 ? "\(major).\(minor)" : "\(major).\(minor).\(patch)" }
    }

    /// The one line every command fails with on a compiler that is too old.
    package static func tooOld(_ version: Version, _ toolchain: Toolchain) -> String {
        "Swift \(version) (\(toolchain.swiftc)) is too old: the lessons need Swift \(minimum) or later "
            + "(Task.immediate, @concurrent); \(installFix)"
    }

    /// Reads `Swift version 6.2.1` (or `Apple Swift version …`) out of `swiftc --version`.
    package static func parse(_ text: String) -> Version? {
        guard let range = text.range(of: "Swift version ") else { return nil }
        let numbers = text[range.upperBound...].prefix { $0.isNumber || $0 == "." }.split(separator: ".")
            .compactMap { Int($0) }
        guard numbers.count >= 2 else { return nil }
        return Version(major: numbers[0], minor: numbers[1], patch: numbers.count > 2 ? numbers[2] : 0)
    }

    /// Runs `swiftc --version`.
    package static func of(_ toolchain: Toolchain) -> Result<Version, ToolError> {
        var process = toolchain.compiler(["--version"])
        process.standardOutput = .pipe
        process.timeout = 60
        guard let result = try? process.runBlocking() else {
            return .failure(.cannotRun("cannot run \(toolchain.swiftc) --version"))
        }
        let text = result.text(of: .stdout) + "\n" + result.text(of: .stderr)
        guard let version = parse(text) else {
            return .failure(.cannotRun("'\(toolchain.swiftc) --version' names no Swift version"))
        }
        return .success(version)
    }

    /// Throws the one-line error when the compiler is older than `minimum`. The version is
    /// kept in `cacheDirectory` under the compiler's identity, so it is asked once per compiler.
    package static func require(_ toolchain: Toolchain, cacheDirectory: String) throws(ToolError) {
        let memo = "\(cacheDirectory)/swiftc-version"
        let key = toolchain.identity + "\n"
        var version: Version?
        if let text = try? String(contentsOfFile: memo, encoding: .utf8), text.hasPrefix(key) {
            version = parse("Swift version " + text.dropFirst(key.count))
        }
        if version == nil {
            switch of(toolchain) {
            case .success(let found):
                version = found
                try? (key + found.description + "\n").write(toFile: memo, atomically: true, encoding: .utf8)
            case .failure:
                return  // a compiler that will not say its version fails later, with its own words
            }
        }
        if let version, version < minimum { throw ToolError.cannotRun(tooOld(version, toolchain)) }
    }
}
