import Foundation
import LessonCore

/// How `lesson serve --class` confines every run and every grade of one learner: the code
/// a learner types runs for the class server, so it is hostile until confined, and nothing
/// of it runs unconfined.
///
/// Each learner has a slot (0, 1, ... in roster order) that names their own unprivileged
/// user. A snippet run gets a world of its own (`Confinement.privateWorld`: private `/tmp`,
/// read-only mounts, a network namespace of its own) and may start processes within the
/// learner's thread limit; a graded answer is confined as every graded answer is.
package struct LearnerJail: Sendable, Hashable {
    /// The learner's position in the roster, from 0.
    package let slot: Int
    /// The learner's name, as the roster spells it.
    package let name: String

    package init(slot: Int, name: String) {
        self.slot = slot
        self.name = name
    }

    /// How a snippet run of this learner is confined.
    package var snippet: Confinement {
        var confinement = Confinement.answer
        confinement.startsProcesses = true
        return confinement
    }

    /// How a graded answer of this learner is confined.
    package var answer: Confinement { .answer }

    /// Why this machine cannot confine learners' code (not root, no namespaces, no seccomp),
    /// or nil when it can: it starts a real confined process and says what stopped it.
    package static func unavailableReason() async -> String? {
        guard Platform.isRoot else {
            return "lesson serve --class confines every learner's code, which needs root (run it as root)"
        }
        let probe = LearnerJail(slot: 0, name: "probe")
        var process = Subprocess(executable: "/bin/true")
        process.confinement = probe.snippet
        process.timeout = 10
        do {
            let result = try await process.run()
            if result.exitCode != 0 { return "a confined test process exited with \(result.exitCode ?? -1)" }
        } catch {
            return "cannot start a confined process: \(error)"
        }
        return nil
    }
}
