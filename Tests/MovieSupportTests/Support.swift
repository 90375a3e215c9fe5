import Foundation
import MovieSupport
import Synchronization

/// Paths and files the tests share.
enum Fixture {
    /// The committed sample: 300 rows from seed 7.
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/title.basics.sample.tsv.gz").path

    /// A fresh temporary directory.
    static func directory() throws -> String {
        let path = NSTemporaryDirectory() + "movie-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `text` gzip-compressed to a new file and returns its path.
    static func gzip(_ bytes: [UInt8], name: String = "file.tsv.gz") throws -> String {
        let path = try directory() + "/" + name
        let writer = try GzipWriter(path: path)
        try writer.write(bytes)
        try writer.finish()
        return path
    }

    /// The header plus `lines`, each ending in a newline, as bytes.
    static func tsv(_ lines: [String]) -> [UInt8] {
        Array(([Title.header] + lines).map { $0 + "\n" }.joined().utf8)
    }

    /// A dataset of `rows` rows in a temporary directory.
    static func dataset(rows: Int, seed: UInt64 = 11) throws -> String {
        try MovieDataset.ensure(rows: rows, seed: seed, in: directory())
    }
}

/// A value many tasks and threads update, behind a lock.
final class Shared<Value: Sendable>: Sendable {
    private let value: Mutex<Value>

    init(_ initial: Value) {
        value = Mutex(initial)
    }

    func update(_ body: (inout Value) -> Void) {
        value.withLock { body(&$0) }
    }

    var current: Value { value.withLock { $0 } }
}
