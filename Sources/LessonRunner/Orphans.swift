#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds and ends processes a snippet left behind after leaving its process group (for
/// example a child started with `Foundation.Process`, which gets a group of its own).
/// `lesson` makes itself a child subreaper, so such orphans become its children instead of
/// init's, and it can end them once their snippet is done. Finding them reads only this
/// process's own list of children, never the whole system's process table.
package enum Orphans {
    /// Makes this process the reaper of its orphaned descendants. Safe to call often.
    package static let adopt: Void = Platform.becomeSubreaper

    /// The environment entry every child `lesson` starts carries, and so every process such a
    /// child starts in turn: `LESSON_RUNNER_PID=<this process's pid>`. It tells a snippet's
    /// leftovers (adopted by this process) from other children of it, such as a browser that
    /// `lesson serve --open` started, which must live on.
    package static let markerName = "LESSON_RUNNER_PID"

    /// `markerName=<pid>` for this process.
    package static var marker: String { "\(markerName)=\(getpid())" }

    /// Kills and reaps every child of this process that `lesson` did not start itself (the
    /// registry's live children are spared), repeating while killing one orphans another.
    /// A child still running is ended only when it carries this process's marker, so it
    /// descends from a process `lesson` started; one that has already exited is reaped.
    package static func endAll() {
        let entry = marker
        for _ in 0..<8 {
            let live = ProcessRegistry.shared.live
            let candidates = Platform.children().filter { !live.contains($0) }
            var ended = 0
            for pid in candidates {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid {
                    ended += 1
                    continue
                }
                guard Platform.isLive(pid, withEnvironmentEntry: entry) else { continue }
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                ended += 1
            }
            if ended == 0 { return }
        }
    }
}
