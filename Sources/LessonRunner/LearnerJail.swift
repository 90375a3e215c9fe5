import Foundation
import LessonCore

/// How `lesson serve --class` confines every run and every grade of one learner: the code
/// a learner types runs for the class server, so it is hostile until confined, and nothing
/// of it runs unconfined (docs/confinement.md).
///
/// Each learner has a slot (0, 1, ... in roster order), and from it:
/// - a user of their own, `userBase + slot` (group the same number), that no account of the
///   machine and no other learner has: every process of the learner's runs and grades is
///   that user's, so they can be counted (`RLIMIT_NPROC` as a backstop) and no learner can
///   signal, trace or read another's processes;
/// - a control group of their own, `lesson-class/<slot>` below `lesson`'s own group
///   (`ControlGroup`: cgroup v1 memory and pids, or v2), whose limits (`memoryLimit`,
///   `processLimit`) hold all of the learner's runs at once: a process flood or a memory
///   bomb fails that learner's run with a verdict that names the limit, and nobody else's.
///
/// Every run also gets a world of its own (`Confinement.privateWorld`): new mount, IPC and
/// network namespaces, a root that holds only the system's libraries, the Swift runtime
/// and its own empty folder (`Confinement.systemView`), no new privileges, the seccomp
/// filter, and the rlimits of every confined child. A snippet run may start processes and
/// has a loopback of its own (lesson 09's servers); a graded answer starts none and has no
/// network at all.
///
/// Slots are numbers from the roster of one server: two class servers on one machine would
/// share users and groups, so one machine hosts one class.
package struct LearnerJail: Sendable, Hashable {
    /// The learner's position in the roster, from 0.
    package let slot: Int
    /// The learner's name, as the roster spells it.
    package let name: String
    /// Bytes of memory all of this learner's runs may use at once (their files in the runs'
    /// own `/tmp` count too).
    package var memoryLimit: Int = LearnerJail.defaultMemoryLimit
    /// Processes and threads all of this learner's runs may hold at once.
    package var processLimit: Int = LearnerJail.defaultProcessLimit

    package init(slot: Int, name: String) {
        self.slot = slot
        self.name = name
    }

    /// The first learner's user id; learner `slot` runs as `userBase + slot`. Far above
    /// the accounts of a machine (below 60000) and below the users of graded answers run
    /// outside a class (`Confinement.privateUserBase`, 1 600 000 000 plus a pid).
    package static let userBase: UInt32 = 1_500_000_000
    /// The most learners one server confines, so that their users stay below
    /// `Confinement.privateUserBase`.
    package static let maximumSlots = 100_000_000
    /// 512 MiB.
    package static let defaultMemoryLimit = 512 << 20
    /// 128 processes and threads: a snippet of the workshop uses a few dozen at most.
    package static let defaultProcessLimit = 128
    /// The `RLIMIT_NPROC` of a learner's runs exceeds the control group's limit by this
    /// much, so the group is what refuses (and says so) and the rlimit only a backstop.
    package static let rlimitMargin = 32

    /// The user and group id this learner's code runs as.
    package var userID: UInt32 { Self.userBase + UInt32(clamping: max(0, min(slot, Self.maximumSlots - 1))) }

    /// The learner's control group and its limits.
    package var controlGroup: ControlGroup {
        ControlGroup(name: "lesson-class/\(slot)", memoryLimit: memoryLimit, processLimit: processLimit)
    }

    /// How a snippet run of this learner is confined: it may start processes (within the
    /// learner's limit) and serve and connect on a loopback of its own.
    package var snippet: Confinement {
        var confinement = base
        confinement.startsProcesses = true
        confinement.loopback = true
        return confinement
    }

    /// How a graded answer of this learner is confined: as a snippet, but it starts no
    /// process and has no network at all.
    package var answer: Confinement { base }

    private var base: Confinement {
        var confinement = Confinement.answer
        confinement.learnerUser = userID
        confinement.systemView = true
        confinement.controlGroup = controlGroup
        confinement.threadLimit = processLimit + Self.rlimitMargin
        return confinement
    }

    /// Why this machine cannot confine learners' code (not root, no control groups with
    /// memory and pids, no namespaces, no seccomp, no root of its own), or nil when it can:
    /// beyond the checks it starts a real confined process that must find the learner's
    /// user, nothing of the folder `lesson` runs in, nor `/root`, and says what stopped it.
    package static func unavailableReason() async -> String? {
        guard Platform.isRoot else {
            return
                "lesson serve --class confines every learner's code as a user of their own, which needs root (run it as root)"
        }
        guard Platform.sandboxSupported else {
            return "this machine has no seccomp filter for confined processes (Linux on x86_64 or arm64 is needed)"
        }
        if case .failure(let error) = ControlGroupLayout.current {
            return "a learner's memory and processes cannot be limited: \(error)"
        }
        let probe = LearnerJail(slot: 0, name: "probe")
        let current = FileManager.default.currentDirectoryPath
        // The folder `lesson` runs in (the workshop) must not be there; `/` always is.
        let hidden = current == "/" ? "/root" : current
        var process = Subprocess(executable: "/bin/sh")
        process.arguments = [
            "-c", "test \"$(id -u)\" = \"$1\" && test ! -e \"$2\" && test ! -e /root && test -d /proc/self", "sh",
            String(probe.userID), hidden,
        ]
        process.confinement = probe.snippet
        process.standardOutput = .pipe
        process.timeout = 10
        do {
            let result = try await process.run()
            if result.exitCode != 0 {
                let said = result.lines.map(\.text).joined(separator: " ")
                return
                    "a confined test process could still see what it must not (or ran as the wrong user): exit \(result.exitCode.map(String.init) ?? "by a signal")\(said.isEmpty ? "" : ", \(said)")"
            }
        } catch {
            return "cannot start a confined process (namespaces, a root of its own, a control group): \(error)"
        }
        return nil
    }
}
