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

    /// Kills and reaps every child of this process that `lesson` did not start itself (the
    /// registry's live children are spared), repeating while killing one orphans another.
    package static func endAll() {
        for _ in 0..<8 {
            let live = ProcessRegistry.shared.live
            let orphans = Platform.children().filter { !live.contains($0) }
            if orphans.isEmpty { return }
            for pid in orphans {
                kill(pid, SIGKILL)
                var status: Int32 = 0
                waitpid(pid, &status, 0)
            }
        }
    }
}
