/// What the learner edition of a workshop (`lesson export --learner DIR`) leaves out, by
/// path relative to the workshop's root: the reference solutions, wherever they are, and
/// everything a learner should not read before answering that grading does not need (the
/// tests, whose fixtures are graded answers, and the scripts and CI that drive them), plus
/// local state and build products. The judges stay: `lesson grade` needs them.
package enum LearnerEdition {
    /// Top-level entries left out.
    package static let droppedTopLevel: Set<String> = [
        ".git", ".build", ".swiftpm", WorkshopLayout.stateFolder, WorkshopLayout.siteFolder, "Tests", "scripts",
        "tools",
        ".ci", ".github",
    ]

    /// File names left out wherever they are.
    package static let droppedNames: Set<String> = ["Solution.swift", "Package.resolved"]

    /// Why `path` (relative, `/`-separated) is left out of the learner edition, or nil when it
    /// is kept.
    package static func reasonToDrop(_ path: String) -> String? {
        let components = path.split(separator: "/").map(String.init)
        guard let first = components.first, let last = components.last else { return nil }
        if last == "Solution.swift" { return "a reference solution" }
        if first == WorkshopLayout.lessonsFolder, components.count > 2, components[1] == WorkshopLayout.solutionsFolder
        {
            return "an exercise's reference solution"
        }
        if droppedNames.contains(last) { return "a build product" }
        if first.hasPrefix(".build") { return "a build product" }
        if droppedTopLevel.contains(first) {
            switch first {
            case "Tests": return "the tests grade reference solutions and hold graded answers"
            case "scripts", "tools", ".ci", ".github": return "the author's tooling"
            default: return "local state or build products"
            }
        }
        return nil
    }
}
