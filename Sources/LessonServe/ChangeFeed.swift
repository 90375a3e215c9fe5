import Synchronization

/// Which pages changed on disk, for pages that poll `GET /api/changes?since=VERSION`: a short
/// request that is answered at once, so no page holds a connection open (a browser allows six
/// per host, and a seventh tab would otherwise stay blank).
///
/// Every change the feed sees gets the next version number; a poll says the version it last
/// saw and hears which pages changed after it. The workshop's files are looked at when a poll
/// comes, at most once per `interval`, whatever the number of open pages.
package final class ChangeFeed: Sendable {
    /// What a poll hears.
    package struct Changes: Codable, Sendable, Equatable {
        /// The feed's version now; the next poll sends it back.
        package var version: Int
        /// The pages whose files changed after the version the poll sent (sorted); every page
        /// (`["*"]`) when that version is older than the feed remembers.
        package var pages: [String]

        /// What a poll hears: the feed's `version` and the `pages` changed since the poll's.
        package init(version: Int, pages: [String]) {
            self.version = version
            self.pages = pages
        }
    }

    private struct State {
        var version = 0
        var fingerprint: [String: String]
        var checked: ContinuousClock.Instant
        /// (version, pages changed in it), oldest first; at most `remembered` entries.
        var log: [(version: Int, pages: [String])] = []
    }

    private let remembered: Int
    private let state: Mutex<State>
    private let workshop: ServeWorkshop
    private let interval: Duration

    /// A feed over `workshop` that looks at its files at most once per `interval` and
    /// remembers the pages of the last `remembered` changes.
    package init(workshop: ServeWorkshop, interval: Duration, remembered: Int = 256) {
        self.workshop = workshop
        self.interval = interval
        self.remembered = max(1, remembered)
        state = Mutex(State(fingerprint: workshop.fingerprint(), checked: .now))
    }

    /// The pages changed after `since` (none when nil: a page's first poll learns the version).
    package func changes(since: Int?) -> Changes {
        state.withLock { state in
            let now = ContinuousClock.now
            if now - state.checked >= interval {
                state.checked = now
                let current = workshop.fingerprint()
                if current != state.fingerprint {
                    let changed = Set(current.keys).union(state.fingerprint.keys).filter {
                        current[$0] != state.fingerprint[$0]
                    }
                    state.fingerprint = current
                    state.version += 1
                    state.log.append((state.version, Set(changed.compactMap { workshop.page(of: $0) }).sorted()))
                    if state.log.count > remembered { state.log.removeFirst() }
                }
            }
            guard let since, since < state.version else { return Changes(version: state.version, pages: []) }
            guard let oldest = state.log.first, since >= oldest.version - 1 else {
                return Changes(version: state.version, pages: ["*"])
            }
            let pages = state.log.filter { $0.version > since }.flatMap(\.pages)
            return Changes(version: state.version, pages: Set(pages).sorted())
        }
    }
}
