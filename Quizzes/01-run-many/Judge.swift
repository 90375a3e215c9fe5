// Quiz 01, the judge: a fake network whose pages are drawn at random for every run, which
// counts the downloads it serves at once and the ones the answer cancels.

/// The fake network of one request.
final class Network: Sendable {
    let urls: [String]
    let pages: [String: String]
    let delays: [String: Double]
    let failing: String?
    let gathering: Gathering?
    let overlap = Overlap()
    let cancelled = Shared<Set<String>>([])
    let asked = Shared<[String]>([])
    /// URLs fetched a second time (never served: every URL is downloaded once).
    let again = Shared<[String]>([])

    init(_ judging: Judging, count: Int, delay: (Int) -> Double, failing: Int? = nil, gather: Bool = false) {
        let urls = judging.tokens(count).map { "https://example.com/\($0)" }
        var pages: [String: String] = [:]
        for url in urls { pages[url] = "page \(judging.token())" }
        self.urls = urls
        self.pages = pages
        delays = Dictionary(uniqueKeysWithValues: urls.enumerated().map { ($1, delay($0)) })
        self.failing = failing.map { urls[$0] }
        gathering = gather ? Gathering(expected: count) : nil
    }

    /// Serves one `fetch`.
    func serve(_ call: Call) async throws -> [String] {
        guard call.operation == "fetch", let url = call.arguments.first, let page = pages[url] else {
            throw WorldFailure("NoSuchURL", [call.arguments.first ?? ""])
        }
        let first = asked.update { asked in
            defer { asked.append(url) }
            return !asked.contains(url)
        }
        guard first else {
            again.update { $0.append(url) }
            throw WorldFailure("AlreadyFetched", [url])
        }
        overlap.enter()
        defer { overlap.leave() }
        if let gathering { await gathering.arrive() }
        do {
            try await pause(delays[url] ?? 0.05)
        } catch {
            cancelled.update { _ = $0.insert(url) }
            throw error
        }
        if url == failing { throw WorldFailure("PageMissing", [url]) }
        return [page]
    }

    /// Runs the answer's `fetchAll` on this network's URLs.
    func run(_ judging: Judging, within limit: Double = 6) async throws -> (outcome: Outcome, seconds: Double) {
        judging.answer.serve { [self] in try await serve($0) }
        let result = try await judging.answer.request(
            "fetchAll", urls, within: limit, doing: "fetchAll with \(urls.count) URL\(urls.count == 1 ? "" : "s")")
        try requireEachOnce()
        return result
    }

    /// Fails when some URL was fetched twice: each page is downloaded once, and the page a
    /// second fetch would bring is the same (so two fetches of one URL are one download
    /// counted twice).
    func requireEachOnce() throws {
        let twice = again.value
        guard let url = twice.first, let position = urls.firstIndex(of: url) else { return }
        let many = Set(twice).count
        throw CheckFailure(
            """
            of \(urls.count) URL\(urls.count == 1 ? "" : "s"), \(many == 1 ? "one was" : "\(many) were") fetched \
            twice (URL \(position + 1) first), and the fetcher refused the second fetch: every URL is \
            downloaded exactly once
            """)
    }

    /// The pages, or a failure that says in words what came back instead.
    func pagesReturned(_ outcome: Outcome) throws -> [String] {
        guard case .returned(let returned) = outcome else {
            throw CheckFailure(
                "fetchAll with \(urls.count) URLs that all download fine \(outcome.described) instead of returning the pages"
            )
        }
        return returned
    }

    /// Fails unless `returned` holds every page once, in any order (the order is another check's).
    func requireEveryPage(_ returned: [String], _ setting: String) throws {
        let served = Set(pages.values)
        if let made = returned.first(where: { !served.contains($0) }) {
            throw CheckFailure(
                "\(setting), fetchAll returned \"\(made.prefix(40))\", which is not a page the fetcher gave it: every page must come from fetch"
            )
        }
        try require(
            returned.sorted() == pages.values.sorted(),
            "\(setting), fetchAll returned \(returned.count) pages, not each of the \(urls.count) pages once")
    }

    /// Fails unless `returned` holds exactly the pages of the URLs, in their order.
    func requireInOrder(_ returned: [String], _ setting: String) throws {
        let expected = urls.map { pages[$0]! }
        try require(
            returned.count == expected.count,
            "\(setting), fetchAll returned \(returned.count) page\(returned.count == 1 ? "" : "s") for \(urls.count) URL\(urls.count == 1 ? "" : "s")"
        )
        let served = Set(pages.values)
        if let made = returned.first(where: { !served.contains($0) }) {
            throw CheckFailure(
                "\(setting), fetchAll returned \"\(made.prefix(40))\", which is not a page the fetcher gave it: every page must come from fetch"
            )
        }
        if let wrong = returned.indices.first(where: { returned[$0] != expected[$0] }) {
            let from = expected.firstIndex(of: returned[wrong]).map { "URL \($0 + 1)" } ?? "no URL"
            throw CheckFailure(
                "\(setting), fetchAll put the page of \(from) at position \(wrong + 1); each page belongs at its URL's position"
            )
        }
    }
}

let quizChecks: [JudgeCheck] = [
    JudgeCheck(
        "pages come back in the order of the URLs",
        lesson: "Lessons/04-gather.md#back-in-input-order",
        hint: """
            Child tasks finish in any order. Remember each URL's position, and put every page \
            in its place instead of appending pages as they arrive.
            """
    ) { judging in
        for count in [0, 1, judging.int(in: 5...9)] {
            // The first URL is the slowest, the last the fastest.
            let network = Network(judging, count: count, delay: { 0.03 + 0.03 * Double(count - 1 - $0) })
            let (outcome, _) = try await network.run(judging)
            try network.requireInOrder(
                try network.pagesReturned(outcome),
                count < 2 ? "for \(count) URL\(count == 1 ? "" : "s")" : "for \(count) URLs, the first the slowest")
        }
    },
    JudgeCheck(
        "downloads run at the same time",
        lesson: "Lessons/04-gather.md#any-number-of-things-task-groups",
        hint: """
            Start every download before waiting for any of them, however many URLs there \
            are: one child task per URL in a task group, then collect the results.
            """
    ) { judging in
        // More URLs than any window an answer might keep in flight (8, 16, 32, 64, 100):
        // only an answer that starts them all at once has all of them in flight.
        for count in [judging.int(in: 3...8), judging.int(in: 120...200)] {
            let network = Network(judging, count: count, delay: { _ in 0.02 }, gather: true)
            let (outcome, _) = try await network.run(judging, within: 8)
            try network.requireEveryPage(try network.pagesReturned(outcome), "for \(count) URLs")
            try require(
                network.overlap.peak == count,
                """
                for \(count) URLs, at most \(network.overlap.peak) download\(network.overlap.peak == 1 ? "" : "s") \
                ran at the same time; all \(count) should run together, so the whole list takes \
                about as long as its slowest page
                """)
        }
    },
    JudgeCheck(
        "an error from fetch surfaces",
        lesson: "Lessons/04-gather.md#when-one-fails-stop-everything",
        hint: """
            Let the error out of fetchAll instead of turning it into a missing page or an \
            empty list: the caller must learn that a download failed.
            """
    ) { judging in
        let count = judging.int(in: 4...7)
        for position in [0, count / 2, count - 1] {
            let network = Network(judging, count: count, delay: { $0 == position ? 0.02 : 0.05 }, failing: position)
            let (outcome, _) = try await network.run(judging)
            let place = "URL \(position + 1) of \(count)"
            switch outcome {
            case .worldError("PageMissing", let details):
                try require(
                    details.first == network.failing,
                    "\(place) failed to download, but fetchAll threw the error of another URL")
            case .returned(let pages):
                throw CheckFailure(
                    "\(place) failed to download, yet fetchAll returned \(pages.count) pages instead of throwing")
            default:
                throw CheckFailure(
                    "\(place) failed to download with PageMissing, but fetchAll \(outcome.described): not the error fetch threw"
                )
            }
        }
    },
    JudgeCheck(
        "after an error, the other downloads are not awaited",
        lesson: "Lessons/04-gather.md#when-one-fails-stop-everything",
        hint: """
            Once a download has failed, the others are wasted work: let the error leave the \
            task group as soon as it arrives, and the group cancels the rest. Tasks made with \
            Task { } are not children of anything: nobody cancels them for you.
            """
    ) { judging in
        // Three lengths, so that an answer tuned to one length does not pass by luck; the
        // failing URL is the last, the first, then one in the middle.
        for (count, position) in [(4, 3), (5, 0), (3, 1)] {
            let network = Network(judging, count: count, delay: { $0 == position ? 0.1 : 2 }, failing: position)
            judging.answer.serve { [network] in try await network.serve($0) }
            let place = position == 0 ? "the first" : position == count - 1 ? "the last" : "the middle one"
            let started = now()
            let (outcome, _) = try await judging.answer.request(
                "fetchAll", network.urls, within: 1.2, doing: "fetchAll",
                late: """
                    \(place) of \(count) downloads fails 0.1 s after it starts, and 1.2 s later \
                    fetchAll had still not thrown: it waits for downloads whose result it is going \
                    to throw away, or starts them one after another
                    """)
            guard case .worldError = outcome else {
                throw CheckFailure("\(place) of \(count) downloads failed, yet fetchAll \(outcome.described)")
            }
            try network.requireEachOnce()
            // Cancelled downloads are told at once; give them a moment to arrive.
            while network.cancelled.value.count < count - 1, now() - started < 1.5 {
                try await pause(0.02)
            }
            let cancelled = network.cancelled.value.count
            try require(
                cancelled == count - 1,
                """
                \(place) of \(count) downloads failed after 0.1 s and fetchAll threw, but only \
                \(cancelled) of the \(count - 1) other downloads \(cancelled == 1 ? "was" : "were") \
                cancelled; the rest kept running, wasting the network for nothing
                """)
        }
    },
]
