import Foundation
import Glibc
import Synchronization

/// A learner's control group under `lesson serve --class`: `lesson-class/<slot>` below the
/// group `lesson` itself runs in, in the memory and pids hierarchies (cgroup v1) or in the
/// unified one (cgroup v2). Its limits hold every process of every run of that learner at
/// once; each run is a group of its own below it (`run-<pid>-<n>`), so what a run reached
/// is told apart from what another run reached, and whatever a run left is found and ended.
/// The learner's group is made when a run of theirs starts and removed when their last run
/// has ended.
package struct ControlGroup: Sendable, Hashable {
    /// Its path below this process's own group, e.g. `lesson-class/3`.
    package var name: String
    /// Bytes of memory its processes may use together (tmpfs files and page cache count).
    package var memoryLimit: Int
    /// Processes and threads it may hold at once.
    package var processLimit: Int
}

/// Why control groups cannot hold a learner's runs on this machine.
package struct ControlGroupError: Error, CustomStringConvertible, Sendable {
    package var description: String
}

/// Where this machine's control groups are, and which version holds memory and pids.
package struct ControlGroupLayout: Sendable {
    /// cgroup v1 (one hierarchy per controller) or v2 (one unified hierarchy).
    package enum Version: String, Sendable {
        case v1, v2
    }

    package var version: Version
    /// The folder of this process's own group in the hierarchy with the memory controller.
    package var memory: String
    /// The folder of this process's own group in the hierarchy with the pids controller (the
    /// same as `memory` under v2).
    package var pids: String

    /// The folders a group is made in: two under v1, one under v2.
    var folders: [String] { memory == pids ? [memory] : [memory, pids] }

    /// This machine's layout, or why there is none: v1 when both the memory and the pids
    /// controllers are mounted as v1 hierarchies, else v2 when the unified hierarchy offers
    /// both to this process's group.
    package static let current: Result<ControlGroupLayout, ControlGroupError> = detect()

    private static func detect() -> Result<ControlGroupLayout, ControlGroupError> {
        guard let mounts = readFile("/proc/self/mountinfo"), let own = readFile("/proc/self/cgroup") else {
            return .failure(ControlGroupError(description: "cannot read /proc/self/mountinfo and /proc/self/cgroup"))
        }
        var v1: [String: (mount: String, root: String)] = [:]
        var unified: (mount: String, root: String)? = nil
        for line in mounts.split(separator: "\n") {
            guard let dash = line.range(of: " - ") else { continue }
            let left = line[..<dash.lowerBound].split(separator: " ")
            let right = line[dash.upperBound...].split(separator: " ")
            guard left.count >= 5, right.count >= 3 else { continue }
            let place = (mount: unescape(left[4]), root: unescape(left[3]))
            if right[0] == "cgroup2" {
                unified = unified ?? place
            } else if right[0] == "cgroup" {
                for option in right[2].split(separator: ",") where option == "memory" || option == "pids" {
                    v1[String(option)] = v1[String(option)] ?? place
                }
            }
        }
        var paths: [String: String] = [:]
        for line in own.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            if parts[1].isEmpty { paths[""] = String(parts[2]) }
            for controller in parts[1].split(separator: ",") { paths[String(controller)] = String(parts[2]) }
        }
        func folder(_ place: (mount: String, root: String), _ path: String) -> String {
            var relative = path
            if place.root != "/", relative.hasPrefix(place.root) {
                relative = String(relative.dropFirst(place.root.count))
            }
            return relative == "/" || relative.isEmpty ? place.mount : place.mount + relative
        }
        if let memory = v1["memory"], let pids = v1["pids"], let memoryPath = paths["memory"],
            let pidsPath = paths["pids"]
        {
            return .success(
                ControlGroupLayout(version: .v1, memory: folder(memory, memoryPath), pids: folder(pids, pidsPath)))
        }
        if let unified, let path = paths[""] {
            let base = folder(unified, path)
            let offered = (readFile(base + "/cgroup.controllers") ?? "").split(whereSeparator: \.isWhitespace)
            if offered.contains("memory"), offered.contains("pids") {
                return .success(ControlGroupLayout(version: .v2, memory: base, pids: base))
            }
            return .failure(
                ControlGroupError(
                    description:
                        "the control group this process runs in (\(base)) does not offer the memory and pids controllers (cgroup v2 offers \(offered.isEmpty ? "none" : offered.joined(separator: " ")))"
                ))
        }
        return .failure(
            ControlGroupError(
                description:
                    "no control group hierarchy holds the memory and pids controllers (neither cgroup v1 hierarchies for both nor cgroup v2 with both)"
            ))
    }

    /// Mount points in /proc/self/mountinfo write a space as `\040`.
    private static func unescape(_ field: Substring) -> String {
        field.replacingOccurrences(of: "\\040", with: " ")
    }
}

/// One run's own group below its learner's: made before the run starts, where the child
/// puts itself (`procsFiles`), and, once the run has ended, emptied of whatever is left,
/// read for the limits it reached, and removed (`finish`).
final class ControlGroupRun: Sendable {
    let group: ControlGroup
    let layout: ControlGroupLayout
    /// The run's folders, one per hierarchy.
    let leaves: [String]
    /// The learner's folders, one per hierarchy.
    let learner: [String]
    /// The learner's `pids.events` `max` count before the run (v2, whose leaf does not count
    /// the refusals its parent's limit caused on older kernels).
    private let learnerRefusalsBefore: Int
    private let outcome = Mutex<String??>(nil)

    /// How many runs of each learner's group this process has going (the group is removed
    /// when it falls to zero).
    private static let active = Mutex<[String: Int]>([:])
    private static let counter = Atomic<Int>(0)
    /// Under v2: whether this process's group delegates memory and pids to its children.
    private static let delegated = Mutex<String??>(nil)

    /// The control files (`cgroup.procs`) the child writes its pid to.
    var procsFiles: [String] { leaves.map { $0 + "/cgroup.procs" } }

    init(_ group: ControlGroup) throws(SubprocessError) {
        let layout: ControlGroupLayout
        switch ControlGroupLayout.current {
        case .success(let found): layout = found
        case .failure(let error): throw SubprocessError.cannotPrepare("no control group for the learner: \(error)")
        }
        self.group = group
        self.layout = layout
        if layout.version == .v2, let refusal = Self.delegate(layout.memory) {
            throw SubprocessError.cannotPrepare(refusal)
        }
        let number = Self.counter.add(1, ordering: .relaxed).newValue
        learner = layout.folders.map { "\($0)/\(group.name)" }
        leaves = learner.map { "\($0)/run-\(getpid())-\(number)" }
        let v2 = layout.version == .v2
        let (learner, leaves) = (learner, leaves)
        try Self.active.withLock { (counts: inout [String: Int]) throws(SubprocessError) in
            for (index, folder) in learner.enumerated() {
                try Self.makeDirectories(folder, enabling: v2, below: layout.folders[index])
            }
            if v2 {
                try Self.write(learner[0] + "/memory.max", String(group.memoryLimit))
                _ = Self.tryWrite(learner[0] + "/memory.swap.max", "0")
                try Self.write(learner[0] + "/pids.max", String(group.processLimit))
            } else {
                let memory = learner[0]
                let pids = learner[learner.count - 1]
                try Self.write(memory + "/memory.limit_in_bytes", String(group.memoryLimit))
                _ = Self.tryWrite(memory + "/memory.memsw.limit_in_bytes", String(group.memoryLimit))
                try Self.write(pids + "/pids.max", String(group.processLimit))
            }
            for leaf in leaves where mkdir(leaf, 0o755) != 0 {
                throw SubprocessError.cannotPrepare("cannot make the control group \(leaf): \(Platform.lastError())")
            }
            counts[group.name, default: 0] += 1
        }
        learnerRefusalsBefore = v2 ? Self.count("max", in: learner[learner.count - 1] + "/pids.events") : 0
    }

    /// Ends whatever of the run is still in its group, removes the group (and the learner's,
    /// after their last run) and says which of the learner's limits the run reached, or nil.
    /// Only the first call does the work.
    @discardableResult
    func finish() -> String? {
        outcome.withLock { done in
            if let done { return done }
            let verdict = end()
            done = .some(verdict)
            return verdict
        }
    }

    private func end() -> String? {
        let v2 = layout.version == .v2
        if v2 { _ = Self.tryWrite(leaves[0] + "/cgroup.kill", "1") }
        for _ in 0..<1000 {
            var left = false
            for leaf in leaves {
                for pid in (Self.readFile(leaf + "/cgroup.procs") ?? "").split(separator: "\n").compactMap({ pid_t($0) }
                ) {
                    kill(pid, SIGKILL)
                    left = true
                }
            }
            if !left { break }
            usleep(5000)
        }
        let memoryFile = v2 ? leaves[0] + "/memory.events" : leaves[0] + "/memory.oom_control"
        let killed = Self.count("oom_kill", in: memoryFile)
        let pidsLeaf = leaves[leaves.count - 1]
        var refused = max(
            Self.count("max", in: pidsLeaf + "/pids.events"), Self.count("max", in: pidsLeaf + "/pids.events.local"))
        if v2, refused == 0 {
            refused = max(0, Self.count("max", in: learner[learner.count - 1] + "/pids.events") - learnerRefusalsBefore)
        }
        for leaf in leaves { Self.remove(leaf) }
        Self.active.withLock { counts in
            let remaining = (counts[group.name] ?? 1) - 1
            counts[group.name] = remaining > 0 ? remaining : nil
            guard remaining <= 0 else { return }
            for folder in learner { rmdir(folder) }
            // The `lesson-class` folder too, once no learner has a group left in it.
            for folder in learner { rmdir(String(folder[..<folder.lastIndex(of: "/")!])) }
        }
        var reached: [String] = []
        if killed > 0 {
            reached.append(
                "it used all the memory its learner may use (\(group.memoryLimit >> 20) MiB for all their runs at once), so the system ended it"
            )
        }
        if refused > 0 {
            reached.append(
                "it reached its learner's process limit (\(group.processLimit) processes and threads at once): \(refused) new \(refused == 1 ? "one was" : "ones were") refused"
            )
        }
        return reached.isEmpty ? nil : "the run was stopped by its confinement: " + reached.joined(separator: "; ")
    }

    /// Under v2, makes this process's group hand memory and pids to its children; a group
    /// that holds processes cannot, so this process first moves into `lesson-server` below
    /// it. Nil when done, else why not.
    private static func delegate(_ base: String) -> String? {
        delegated.withLock { state in
            if let state { return state }
            var result: String? = nil
            if tryWrite(base + "/cgroup.subtree_control", "+memory +pids") != 0 {
                let own = base + "/lesson-server"
                _ = mkdir(own, 0o755)
                let moved = tryWrite(own + "/cgroup.procs", String(getpid()))
                let error = moved == 0 ? tryWrite(base + "/cgroup.subtree_control", "+memory +pids") : moved
                if error != 0 {
                    result =
                        "the control group \(base) cannot hand the memory and pids controllers to a learner's group (\(String(cString: strerror(error)))): start lesson in a control group of its own that other processes do not share"
                }
            }
            state = .some(result)
            return result
        }
    }

    /// `mkdir -p` of `folder` below `base`; under v2 each folder made also hands memory and
    /// pids to its children.
    private static func makeDirectories(_ folder: String, enabling v2: Bool, below base: String) throws(SubprocessError)
    {
        var path = base
        for part in folder.dropFirst(base.count).split(separator: "/") {
            path += "/" + part
            if mkdir(path, 0o755) != 0, errno != EEXIST {
                throw SubprocessError.cannotPrepare("cannot make the control group \(path): \(Platform.lastError())")
            }
            if v2 { try write(path + "/cgroup.subtree_control", "+memory +pids") }
        }
    }

    /// Removes an emptied group; the kernel may take a moment to let go of its last exited
    /// process.
    private static func remove(_ folder: String) {
        for _ in 0..<400 {
            if rmdir(folder) == 0 || errno == ENOENT { return }
            usleep(5000)
        }
    }

    private static func write(_ path: String, _ text: String) throws(SubprocessError) {
        let error = tryWrite(path, text)
        if error != 0 {
            throw SubprocessError.cannotPrepare("cannot write \(text) to \(path): \(String(cString: strerror(error)))")
        }
    }

    /// Writes `text` to a control file; 0 or the errno value.
    @discardableResult
    static func tryWrite(_ path: String, _ text: String) -> Int32 {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return errno }
        defer { _ = Platform.close(fd) }
        return Platform.writeAll(fd, Array(text.utf8)) ? 0 : errno
    }

    /// The number after `key` on its line of a `key value` control file, or 0.
    static func count(_ key: String, in path: String) -> Int {
        for line in (readFile(path) ?? "").split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2, fields[0] == key { return Int(fields[1]) ?? 0 }
        }
        return 0
    }

    static func readFile(_ path: String) -> String? {
        ControlGroupLayout.readFile(path)
    }
}

extension ControlGroupLayout {
    /// The whole of a file of any length (a /proc or control file reports size 0).
    static func readFile(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.readToEnd() else { return "" }
        return String(decoding: data, as: UTF8.self)
    }
}
