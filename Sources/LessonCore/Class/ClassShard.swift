/// One of N shards of a class: `--shard K/N` grades the learners whose name hashes to K.
/// The hash is of the learner's name alone, so adding a learner moves no one else, and every
/// machine that runs a shard agrees on who is in it.
package struct ClassShard: Sendable, Hashable, CustomStringConvertible {
    /// 1 to `count`.
    package var index: Int
    /// How many shards the class is split into.
    package var count: Int

    package init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Reads `K/N` (1 ≤ K ≤ N); nil for anything else.
    package init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1,
            (1...count).contains(index)
        else { return nil }
        self.init(index: index, count: count)
    }

    /// `K/N`.
    package var description: String { "\(index)/\(count)" }

    /// The shard (1 to `count`) a learner belongs to: the first 8 bytes of SHA-256 of the
    /// name, modulo `count`, plus one.
    package static func of(_ learner: String, count: Int) -> Int {
        var hasher = SHA256()
        hasher.update(field: "lesson-class-shard-1")
        hasher.update(field: learner)
        let value = UInt64(hasher.hexDigest().prefix(16), radix: 16) ?? 0
        return Int(value % UInt64(count)) + 1
    }

    /// True when `learner` is graded by this shard.
    package func contains(_ learner: String) -> Bool {
        Self.of(learner, count: count) == index
    }
}
