// Hidden checks for quiz 01: a slow fake fetcher that knows how many downloads run at once.

/// What the fake fetcher throws for a URL that contains "missing".
struct PageMissing: Error, CustomStringConvertible {
    let url: String
    var description: String { "PageMissing(\(url))" }
}

/// A fake network: each URL takes its own time to download and the page is `page of URL`.
struct SlowNetwork: Sendable {
    let overlap = Overlap()
    let cancelled = Shared(0)
    /// Seconds each URL takes; the default applies to URLs not listed.
    let delays: [String: Double]
    let standard: Double

    init(_ delays: [String: Double] = [:], standard: Double = 0.3) {
        self.delays = delays
        self.standard = standard
    }

    /// The fetch function handed to `fetchAll`.
    var fetch: @Sendable (String) async throws -> String {
        { [self] url in
            overlap.enter()
            defer { overlap.leave() }
            do {
                try await Task.sleep(for: .milliseconds(Int((delays[url] ?? standard) * 1000)))
            } catch {
                cancelled.update { $0 += 1 }
                throw error
            }
            if url.contains("missing") { throw PageMissing(url: url) }
            return "page of \(url)"
        }
    }
}

/// `count` URLs named `https://example.com/1` and so on.
func urls(_ count: Int) -> [String] {
    (1...count).map { "https://example.com/\($0)" }
}

/// A short, readable list of pages.
func show(_ pages: [String]) -> String {
    "["
        + pages.map { $0.replacingPrefix("page of https://example.com/", with: "page ") }
        .joined(separator: ", ") + "]"
}

extension String {
    /// This text with `prefix` replaced by `replacement` when it starts with it.
    func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}

let quizChecks: [QuizCheck] = [
    QuizCheck(
        "pages come back in the order of the URLs",
        hint: """
            Child tasks finish in any order. Give each one its URL's index and put every page \
            in its place, instead of appending pages as they arrive.
            """
    ) {
        let list = urls(5)
        // The first URL is the slowest, the last the fastest.
        let delays = Dictionary(uniqueKeysWithValues: list.enumerated().map { ($1, 0.5 - 0.1 * Double($0)) })
        let pages = try await fetchAll(list, fetch: SlowNetwork(delays).fetch)
        let expected = list.map { "page of \($0)" }
        try require(
            pages == expected,
            "for URLs 1 to 5 (URL 1 the slowest) fetchAll returned \(show(pages)); expected \(show(expected))")
    },
    QuizCheck(
        "downloads run at the same time",
        hint: """
            Start every download before waiting for any of them: add one child task per URL \
            to a task group, then collect the results.
            """
    ) {
        // Two sizes, so that an answer tuned to one list length does not pass by luck.
        for count in [3, 7] {
            let network = SlowNetwork(standard: 0.3)
            let (pages, elapsed) = try await measure { try await fetchAll(urls(count), fetch: network.fetch) }
            try require(pages.count == count, "fetchAll returned \(pages.count) pages for \(count) URLs")
            try require(
                network.overlap.peak == count && elapsed < 0.8,
                """
                \(count) downloads of 0.3 s each took \(seconds(elapsed)), with at most \
                \(network.overlap.peak) running at once. All \(count) should run together and \
                take about 0.3 s, not \(seconds(0.3 * Double(count))).
                """)
        }
    },
    QuizCheck(
        "an error from fetch surfaces",
        hint: """
            Let the error out of fetchAll (try, not try?). A list with a hole in it, or an empty \
            one, hides the failure from the caller.
            """
    ) {
        var list = urls(4)
        list[2] = "https://example.com/missing"
        do {
            let pages = try await fetchAll(list, fetch: SlowNetwork(standard: 0.1).fetch)
            throw CheckFailure(
                "one of 4 URLs failed to download, yet fetchAll returned \(pages.count) pages instead of throwing")
        } catch let error as PageMissing {
            try require(error.url == list[2], "fetchAll threw an error for the wrong URL: \(error)")
        } catch let failure as CheckFailure {
            throw failure
        } catch {
            throw CheckFailure("fetchAll threw \(error), not the error fetch threw (PageMissing)")
        }
    },
    QuizCheck(
        "after an error, the other downloads are not awaited",
        hint: """
            Once a download has failed, the others are wasted work: let the error leave the \
            task group as soon as it arrives, and the group cancels the rest. Tasks made with \
            Task { } are not children of anything: nobody cancels them for you, and awaiting \
            them in order waits for the slow ones first.
            """
    ) {
        // The last URL fails after 0.1 s; the three before it would take 2 s each.
        let list = urls(3) + ["https://example.com/missing"]
        let network = SlowNetwork(["https://example.com/missing": 0.1], standard: 2)
        let (outcome, elapsed) = await measure { () async -> Result<[String], any Error> in
            do { return .success(try await fetchAll(list, fetch: network.fetch)) } catch { return .failure(error) }
        }
        guard case .failure = outcome else {
            throw CheckFailure("one of 4 URLs failed to download, yet fetchAll returned normally")
        }
        try require(
            elapsed < 1.2,
            """
            the last of 4 downloads failed after 0.1 s, but fetchAll threw only after \
            \(seconds(elapsed)): it waited for downloads whose result it was going to throw away.
            """)
        // Give downloads cancelled without being awaited a moment to notice.
        try? await Task.sleep(for: .milliseconds(300))
        let cancelled = network.cancelled.value
        try require(
            cancelled == 3,
            """
            the last of 4 downloads failed after 0.1 s and fetchAll threw, but only \
            \(cancelled) of the 3 other downloads \(cancelled == 1 ? "was" : "were") \
            cancelled; the rest kept running, wasting the network for nothing.
            """)
    },
]
