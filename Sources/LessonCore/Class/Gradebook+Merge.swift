/// Why shard gradebooks cannot be merged.
package struct GradebookMergeError: Error, CustomStringConvertible {
    package var description: String

    package init(_ description: String) {
        self.description = description
    }
}

extension Gradebook {
    /// Joins shard gradebooks into the gradebook one unsharded run would have written: the
    /// same quizzes (same versions), every shard `1/N` to `N/N` exactly once (gradebooks
    /// written without `--shard` may be joined too), no learner in two of them. Throws
    /// `GradebookMergeError` naming the first problem. `names` label each gradebook in errors.
    package static func merge(_ parts: [Gradebook], names: [String]) throws(GradebookMergeError) -> Gradebook {
        guard let first = parts.first else { throw GradebookMergeError("nothing to merge") }
        for (part, name) in zip(parts, names) where part.quizzes != first.quizzes {
            let theirs = part.quizzes.map { "\($0.id)@\($0.version.prefix(12))" }.joined(separator: ", ")
            let mine = first.quizzes.map { "\($0.id)@\($0.version.prefix(12))" }.joined(separator: ", ")
            throw GradebookMergeError(
                "\(name) was graded against other quizzes or quiz versions than \(names[0]) "
                    + "(\(theirs) vs \(mine)); grade every shard with the same workshop")
        }
        let shards = parts.compactMap(\.shard).compactMap(ClassShard.init(parsing:))
        if !shards.isEmpty {
            guard shards.count == parts.count else {
                throw GradebookMergeError("some gradebooks are shards and some are not; merge shards of one run")
            }
            let total = shards[0].count
            guard shards.allSatisfy({ $0.count == total }) else {
                throw GradebookMergeError(
                    "the shards split the class differently (\(shards.map(\.description).joined(separator: ", ")))")
            }
            for index in 1...total {
                let found = zip(shards, names).filter { $0.0.index == index }.map(\.1)
                if found.count > 1 {
                    throw GradebookMergeError(
                        "shard \(index)/\(total) is given twice: \(found.joined(separator: ", "))")
                }
                if found.isEmpty { throw GradebookMergeError("shard \(index)/\(total) is missing") }
            }
        }
        var owner: [String: String] = [:]
        for (part, name) in zip(parts, names) {
            for learner in part.learners {
                if let other = owner[learner] {
                    throw GradebookMergeError("learner '\(learner)' is in both \(other) and \(name)")
                }
                owner[learner] = name
            }
        }
        return Gradebook(quizzes: first.quizzes, rows: parts.flatMap(\.rows))
    }
}
