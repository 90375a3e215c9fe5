// Quiz 06, the judge: a title.basics file made up from the run's seed (good rows with
// nulls and non-ASCII titles, and a few bad rows), served one block at a time, a table
// that records every insert, and /health pings sent all through the load. The checks
// judge the judge's own record of when each read, insert and ping happened.

/// The file of one check: its lines, the rows it holds and where its bad rows are.
struct MovieFile: Sendable {
    var blocks: [[String]]
    /// The good rows, by tconst, as their nine fields.
    var rows: [String: [String]]
    /// The tconsts in file order.
    var order: [String]
    /// The line numbers of the bad rows (the header is line 1).
    var badLines: [Int]

    static let header =
        "tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\tgenres"
    static let words = [
        "The", "Last", "Night", "River", "Station", "Summer", "Ghost", "Garden", "King", "Letters",
        "Amélie", "Ōkami", "Ça", "ira", "Żywot", "Дом", "Москва", "東京物語", "千と千尋", "Smørrebrød",
        "Cafe\u{301}", "São", "Paulo", "Señor", "Ελένη", "北京", "Ümit", "Naïve", "\"Quoted\"", "One, Two",
    ]
    static let types = ["movie", "short", "tvSeries", "tvEpisode", "tvMovie", "video", "videoGame", "tvMiniSeries"]
    static let genres = [
        "Drama", "Comedy", "Documentary", "Action", "Romance", "Thriller", "Crime", "Horror", "Animation",
        "Sci-Fi", "Family", "Western",
    ]

    init(_ judging: Judging) {
        // One hash of the seed starts a fast generator for the file's thousands of values.
        let random = FileRandom(
            generator: SplitMix(judging.tokens(2).reduce(0) { $0 << 48 ^ (UInt64($1, radix: 16) ?? 0) }))
        let count = random.int(in: 2600...3400)
        let base = random.int(in: 1_000_000...8_000_000)
        var lines = [Self.header]
        var rows: [String: [String]] = [:]
        var order: [String] = []
        var badLines: [Int] = []
        func title() -> String {
            (0..<random.int(in: 1...4)).map { _ in Self.words[random.int(in: 0...(Self.words.count - 1))] }
                .joined(separator: " ")
        }
        // Lines are added past `count` until the good rows number a prime (all above 1,000)
        // and at least one row is bad: a loader that drops the batch it was filling when the
        // file ended leaves rows out whatever its batch size (at most 1,000), and one that
        // numbers bad rows wrongly is seen, in every file.
        var index = 0
        while index < count || !Self.isPrime(order.count) || badLines.isEmpty {
            let tconst = "tt\(base + index * 3 + random.int(in: 0...2))"
            let type = Self.types[random.int(in: 0...(Self.types.count - 1))]
            let primary = title()
            let original = random.int(in: 0...3) == 0 ? title() : primary
            let start = random.int(in: 0...19) == 0 ? "\\N" : String(random.int(in: 1900...2025))
            let end =
                type == "tvSeries" && start != "\\N" && random.int(in: 0...1) == 0
                ? String(Int(start)! + random.int(in: 0...12)) : "\\N"
            let runtime = random.int(in: 0...4) == 0 ? "\\N" : String(random.int(in: 1...300))
            let genreCount = random.int(in: 0...3)
            let genres =
                genreCount == 0
                ? "\\N"
                : random.shuffled(Self.genres).prefix(genreCount).joined(separator: ",")
            let adult = random.int(in: 0...49) == 0 ? "1" : "0"
            var fields = [tconst, type, primary, original, adult, start, end, runtime, genres]
            if random.int(in: 0...199) == 0 {
                switch random.int(in: 0...4) {
                case 0: fields.removeLast()
                case 1: fields.append("extra")
                case 2: fields[5] = "19x\(random.int(in: 0...9))"
                case 3: fields[4] = "yes"
                default: fields[7] = "\(random.int(in: 60...120))min"
                }
                badLines.append(lines.count + 1)
            } else {
                rows[tconst] = fields
                order.append(tconst)
            }
            lines.append(fields.joined(separator: "\t"))
            index += 1
        }
        var blocks: [[String]] = []
        var start = 0
        while start < lines.count {
            let size = random.int(in: 200...340)
            blocks.append(Array(lines[start..<min(lines.count, start + size)]))
            start += size
        }
        self.blocks = blocks
        self.rows = rows
        self.order = order
        self.badLines = badLines
    }

    /// Whether `number` is a prime.
    static func isPrime(_ number: Int) -> Bool {
        guard number >= 2 else { return false }
        var divisor = 2
        while divisor * divisor <= number {
            if number % divisor == 0 { return false }
            divisor += 1
        }
        return true
    }
}

/// SplitMix64: a fast generator, seeded from a hash of the run's seed.
struct SplitMix: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(_ seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

/// The file's random numbers, in the words the file's code uses.
final class FileRandom {
    private var generator: SplitMix

    init(generator: SplitMix) {
        self.generator = generator
    }

    /// A random number in `range`.
    func int(in range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &generator)
    }

    /// `values` in a random order.
    func shuffled<T>(_ values: [T]) -> [T] {
        values.shuffled(using: &generator)
    }
}

/// What the judge saw during one load.
struct LoadRecord: Sendable {
    /// Each read: when it arrived, when its block was handed over, and the kind of thread
    /// it blocked meanwhile (`pool`, `main` or `own`, as the answer's side saw it).
    var reads: [(start: Double, end: Double, thread: String)] = []
    /// Each insert: when it arrived, when it was done, and its rows' fields.
    var inserts: [(start: Double, end: Double, rows: [[String]])] = []
    /// Each /health ping: when it was sent and when it was answered (nil: never).
    var pings: [(sent: Double, answered: Double?)] = []
    /// The most good or bad rows ever handed over by reads and not yet sent to an insert.
    var peakHeld = 0
    /// Rows (good or bad, not the header) handed over by reads so far.
    var served = 0
    /// Rows whose insert the table has finished so far (rows in an insert still waiting for
    /// the table are held too: an insert nobody awaits does not free its rows).
    var inserted = 0
    /// The block the next read hands over.
    var nextBlock = 0
    /// Which insert with rows (counted from 1) the table refused, once it did.
    var refused: Int? = nil
    /// Reads in progress now.
    var reading = 0
    /// When a read last started or ended.
    var lastRead = 0.0
    /// The tconsts reads have handed over, and those inserted.
    var handedOver: Set<String> = []
    var insertedTconsts: Set<String> = []
    /// What the answer did that no correct load does: each in words (the first few).
    var faults: [String] = []
    /// Inserts with rows so far (the stall holds the first).
    var insertCalls = 0

    mutating func fault(_ text: String) {
        if faults.count < 3 { faults.append(text) }
    }
}

/// The table's own thread: it takes one insert at a time, in the order they arrive, so a
/// stall holds every insert behind it (as a real database's does).
final class TableThread: Sendable {
    private let state = Shared<(busy: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))

    /// Waits for the table's turn.
    func acquire() async {
        await withCheckedContinuation { continuation in
            let now = state.update { state -> Bool in
                if !state.busy {
                    state.busy = true
                    return true
                }
                state.waiting.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Hands the table to the next insert in line.
    func release() {
        let next = state.update { state -> CheckedContinuation<Void, Never>? in
            if state.waiting.isEmpty {
                state.busy = false
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}

/// One check's world: the file, the table and the pings.
final class LoadWorld: Sendable {
    let file: MovieFile
    let record = Shared(LoadRecord())
    /// Seconds each block takes to read and inflate.
    let readTime = 0.08
    /// Whether the database stalls on its first insert (a checkpoint, say) until the whole
    /// file was read or the reader stopped: no read in progress nor started for `idleLimit`
    /// seconds, during which the answer answered `idlePings` pings to /health and none of
    /// its threads was held (runnable without getting a CPU, or running without a break) for
    /// `heldLimit`. A reader with no back-pressure reads the whole file meanwhile, and one
    /// with back-pressure stops and waits for room. Both conditions make that a fact about
    /// the answer, not about the machine: a reader idle while every thread of its process
    /// either slept or got the CPU soon, and while the answer kept answering, chose to wait.
    /// A reader (or the task it waits for) that the machine starved is seen runnable and
    /// holds the stall, however long the pings keep being answered.
    let stalls: Bool
    /// How long the reader must have stopped for the stall to end, in seconds.
    let idleLimit = 1.0
    /// How many pings the answer must have answered while the reader stayed idle.
    let idlePings = 50
    /// How long a thread of the answer may be held before the reader's idle time starts again.
    let heldLimit = 0.05
    /// The longest the stall lasts, in seconds (well within the check's timeout).
    let stallLimit = 20.0
    /// The row (its tconst) whose insert the table refuses with `DiskFull`, if any: a good
    /// row after the first 1,000 and before the last 250, so that inserts went well before
    /// it and rows are still to come, whatever the answer's batch size.
    let failingRow: String?
    /// The token of the refusal, which the answer cannot guess.
    let failure: String
    let table = TableThread()
    let answer: AnswerProcess

    init(_ judging: Judging, stalls: Bool = false, refuses: Bool = false) {
        file = MovieFile(judging)
        answer = judging.answer
        self.stalls = stalls
        failingRow = refuses ? file.order[judging.int(in: 1000...(file.order.count - 250))] : nil
        failure = judging.token()
    }

    /// Waits until every block was read, or the reader stopped for `idleLimit` seconds (see
    /// `stalls`), or `stallLimit` seconds.
    private func stall() async {
        let start = now()
        var heldAt = start
        while now() - start < stallLimit {
            // A read counts from the moment it arrives, not from when its handler starts.
            let reads = answer.calls(of: "read")
            if let held = answer.threads?.held(), held >= heldLimit { heldAt = now() }
            let (next, idleSince, answered) = record.update { record in
                let idleSince = max(record.lastRead, reads.lastArrival, start, heldAt)
                let answered = record.pings.count { ($0.answered ?? 0) > idleSince }
                return (record.nextBlock, idleSince, answered)
            }
            if next > file.blocks.count { return }
            if reads.open == 0, now() - idleSince >= idleLimit, answered >= idlePings { return }
            try? await pause(0.01)
        }
    }

    /// Serves one call of the answer.
    func serve(_ call: Call) async throws -> [String] {
        switch call.operation {
        case "read":
            record.update { record in
                record.reading += 1
                record.lastRead = now()
                if record.reading > 1 {
                    record.fault(
                        "two reads of the file were in progress at once: a file read from two threads hands each its blocks in an order neither knows"
                    )
                }
            }
            try? await pause(readTime)
            return record.update { record in
                record.reading -= 1
                record.lastRead = now()
                let index = record.nextBlock
                record.nextBlock += 1
                record.reads.append((call.time, now(), call.arguments.first ?? "own"))
                guard file.blocks.indices.contains(index) else { return ["end"] }
                let block = file.blocks[index]
                record.served += index == 0 ? block.count - 1 : block.count
                for line in block { record.handedOver.insert(String(line.prefix { $0 != "\t" })) }
                record.peakHeld = max(record.peakHeld, record.served - record.inserted)
                return ["lines"] + block
            }
        case "insert":
            guard call.arguments.count % 9 == 0 else {
                throw WorldFailure("BadRow", ["fields: \(call.arguments.count)"])
            }
            let count = call.arguments.count / 9
            guard count <= 1000 else { throw WorldFailure("TooManyRows", [String(count)]) }
            let rows = (0..<count).map { Array(call.arguments[($0 * 9)..<($0 * 9 + 9)]) }
            // Every row must come from a read that already handed it over, once: a row the
            // file never had, or not yet, was made up.
            let (number, refused) = record.update { record -> (Int, Bool) in
                for row in rows {
                    if !record.handedOver.contains(row[0]) {
                        record.fault(
                            "the table got a row with tconst \(quoted(row[0])) that no read of the file had handed over: every row comes from the file"
                        )
                    } else if !record.insertedTconsts.insert(row[0]).inserted {
                        record.fault("the row \(row[0]) was inserted twice; the file has it once")
                    }
                }
                if rows.isEmpty { return (0, false) }
                record.insertCalls += 1
                let refused = record.refused == nil && rows.contains { $0[0] == failingRow }
                if refused { record.refused = record.insertCalls }
                return (record.insertCalls, refused)
            }
            await table.acquire()
            defer { table.release() }
            if number == 1 && stalls {
                await stall()
            } else {
                try? await pause(0.0003 + 0.00001 * Double(count))
            }
            if refused { throw WorldFailure("DiskFull", [failure]) }
            record.update { record in
                record.inserted += count
                record.inserts.append((call.time, now(), rows))
            }
            return []
        default:
            throw WorldFailure("NoSuchOperation")
        }
    }

    /// Runs the answer's load with pings to /health every 10 ms until it returns; what it
    /// returned (rows inserted, then skipped line numbers).
    func run(_ judging: Judging) async throws -> [String] {
        // The stall ends only when the answer's threads were seen to have had the CPU; a
        // judge that cannot see them would have to trust the clock instead.
        if stalls, judging.answer.threads == nil {
            throw CheckFailure(
                "the grader did not say which process is the answer's, so the judge cannot see its threads: this check needs lesson's own grader"
            )
        }
        judging.answer.serve { [self] in try await serve($0) }
        let pinging = Task { [self] in
            await withTaskGroup(of: Void.self) { group in
                while !Task.isCancelled {
                    group.addTask { [self] in
                        let index = record.update { record in
                            record.pings.append((now(), nil))
                            return record.pings.count - 1
                        }
                        // Answered when the reply arrived, however late this task resumes.
                        if let reply = try? await judging.answer.timedRequest(
                            "health", within: 10, doing: "/health")
                        {
                            record.update { $0.pings[index].answered = reply.arrived }
                        }
                    }
                    try? await pause(0.01)
                }
                group.cancelAll()
            }
        }
        defer { pinging.cancel() }
        let (outcome, _) = try await judging.answer.request("load", within: 30, doing: "load(_:into:)")
        if let fault = record.value.faults.first { throw CheckFailure(fault) }
        if let failingRow { return try refusal(outcome, failingRow) }
        switch outcome {
        case .returned(let values):
            return values
        case .worldError("TooManyRows", let details):
            throw CheckFailure(
                "load(_:into:) threw TooManyRows: an insert of \(details.first ?? "?") rows was refused; the table takes at most 1,000 per call"
            )
        default:
            throw CheckFailure("load(_:into:) \(outcome.described); the file and the table never fail in this check")
        }
    }

    /// What a load whose insert the table refused returned: it must throw that refusal.
    private func refusal(_ outcome: Outcome, _ row: String) throws -> [String] {
        guard let number = record.value.refused else {
            throw CheckFailure(
                """
                the table was to refuse the insert that carried the row \(row), and no insert carried \
                it: load(_:into:) \(outcome.described) with \(record.value.inserted) rows inserted of the \
                file's \(file.order.count)
                """)
        }
        switch outcome {
        case .worldError("DiskFull", let details) where details.first == failure:
            return []
        case .returned(let values):
            throw CheckFailure(
                """
                the table refused insert \(number) with DiskFull, and load(_:into:) returned normally, \
                reporting \(values.first ?? "?") rows inserted (the table holds \(record.value.inserted)): \
                an error from the table must end the load and reach its caller
                """)
        default:
            throw CheckFailure(
                "the table refused insert \(number) with DiskFull, and load(_:into:) \(outcome.described) instead of throwing that error"
            )
        }
    }

    /// The rows the table received, in the order they arrived.
    var insertedRows: [[String]] { record.value.inserts.flatMap(\.rows) }
}

/// The first difference between two texts' UTF-8 bytes, in words (equal texts: nil).
func difference(_ got: String, _ want: String) -> String? {
    Array(got.utf8) == Array(want.utf8) ? nil : "\(quoted(got)) instead of \(quoted(want))"
}

/// A field in quotes, as it stands in the file (fields hold no tabs or newlines).
func quoted(_ field: String) -> String {
    "\"\(field)\""
}

/// The file's column names, in order.
let columnNames = MovieFile.header.split(separator: "\t").map(String.init)

let quizChecks: [JudgeCheck] = [
    JudgeCheck(
        "every good row is inserted once, with its exact values",
        lesson: "Lessons/15-sqlite.md#the-bulk-load-with-back-pressure",
        hint: """
            Every line after the header that parses is one row of the table, inserted exactly \
            once and exactly as parsed: titles with accents or in other scripts, and \\N years, \
            runtimes and genres, included. Count the rows the table got against the rows the \
            file has, and look at what happens to the last rows of the file.
            """
    ) { judging in
        let world = LoadWorld(judging)
        _ = try await world.run(judging)
        let file = world.file
        var seen: [String: [String]] = [:]
        for row in world.insertedRows {
            guard let want = file.rows[row[0]] else {
                throw CheckFailure(
                    "the table got a row with tconst \(quoted(row[0])), which is no good row of the file")
            }
            try require(seen[row[0]] == nil, "the row \(row[0]) was inserted twice; the file has it once")
            seen[row[0]] = row
            for (column, (got, expected)) in zip(columnNames, zip(row, want)) {
                if let wrong = difference(got, expected) {
                    throw CheckFailure("the row \(row[0]) arrived with \(column) \(wrong), as the file has it")
                }
            }
        }
        let missing = file.order.filter { seen[$0] == nil }
        try require(
            missing.isEmpty,
            """
            the file has \(file.order.count) good rows and the table got \(seen.count): \(missing.count) never \
            arrived, among them \(missing.prefix(3).joined(separator: ", ")) (the last good row of the file is \
            \(file.order.last ?? "none"))
            """)
    },
    JudgeCheck(
        "bad rows are skipped and reported by line number",
        lesson: "Lessons/12-the-movie-data.md#bad-rows-and-broken-files",
        hint: """
            A row that does not parse is skipped, not fatal, and reported with its line number \
            in the whole file: line 1 is the header, and numbering goes on from one block to the next.
            """
    ) { judging in
        let world = LoadWorld(judging)
        let values = try await world.run(judging)
        let reported = values.dropFirst().compactMap { Int($0) }
        let want = world.file.badLines
        try require(
            reported == want,
            """
            the file has \(want.count) bad rows, on lines \(want.map(String.init).joined(separator: ", ")); \
            the report says \(reported.isEmpty ? "none" : "lines " + reported.map(String.init).joined(separator: ", "))
            """)
        let inserted = Int(values.first ?? "") ?? -1
        try require(
            inserted == world.insertedRows.count,
            "the report says \(inserted) rows were inserted; the table got \(world.insertedRows.count)")
    },
    JudgeCheck(
        "/health answers while the file is read",
        lesson: "Lessons/13-the-movie-api.md#the-scan-offloaded",
        hint: """
            Reading a block blocks the thread that asks for it, for as long as the read takes. \
            /health is answered on the main actor: while the main actor sits in a read, nothing \
            else runs on it (and a read on the cooperative pool holds one of its few threads). \
            Reads belong on a thread of their own.
            """
    ) { judging in
        let world = LoadWorld(judging)
        _ = try await world.run(judging)
        let record = world.record.value
        // A read blocks its thread. On the main thread it stops /health; on a thread of the
        // cooperative pool it holds one of the few threads every task needs, which a
        // machine with cores to spare hides from the pings below, so it is judged directly.
        let places = [
            ("pool", "a thread of Swift's cooperative pool (a task, or an actor with no executor of its own)"),
            ("main", "the main thread"),
        ]
        for (kind, place) in places {
            let blocking = record.reads.filter { $0.thread == kind }.count
            try require(
                blocking == 0,
                """
                \(blocking) of the \(record.reads.count) reads of the file blocked \(place) while they \
                waited for their block; a read blocks the thread that asks for it
                """)
        }
        let reads = record.reads.filter { $0.end - $0.start >= world.readTime }
        let answeredDuring = reads.filter { read in
            record.pings.contains { ping in
                ping.sent >= read.start && (ping.answered ?? .infinity) < read.end
            }
        }
        let latencies = record.pings.map { ($0.answered ?? now()) - $0.sent }
        try require(
            answeredDuring.count * 3 >= reads.count * 2,
            """
            /health was pinged every 10 ms; during \(reads.count - answeredDuring.count) of the \(reads.count) \
            reads of the file, no ping sent after the read began was answered before it ended (slowest \
            ping: \(seconds(latencies.max() ?? 0))). Something waits for each read on the thread that answers /health
            """)
    },
    JudgeCheck(
        "inserts go in batches",
        lesson: "Lessons/15-sqlite.md#the-bulk-load-with-back-pressure",
        hint: """
            Each insert call is a round trip to the database thread, so its cost is paid per \
            call, not per row. Gather rows and send many in one call (the table takes up to 1,000).
            """
    ) { judging in
        let world = LoadWorld(judging)
        _ = try await world.run(judging)
        let inserts = world.record.value.inserts
        let rows = inserts.reduce(0) { $0 + $1.rows.count }
        try require(
            inserts.count <= max(1, rows / 50 + 2),
            """
            \(rows) rows took \(inserts.count) insert calls, \(inserts.isEmpty ? 0 : rows / inserts.count) rows \
            per call on average: each call is a round trip, so so many calls waste most of the load's time
            """)
    },
    JudgeCheck(
        "the reads stay a bounded distance ahead of the inserts",
        lesson: "Lessons/15-sqlite.md#the-bulk-load-with-back-pressure",
        hint: """
            The database stalls now and then. While it does, a reader with nothing to stop it \
            keeps reading, and every row it reads waits in memory. Let the reader wait when a \
            few batches are already waiting for the database.
            """
    ) { judging in
        let world = LoadWorld(judging, stalls: true)
        _ = try await world.run(judging)
        let record = world.record.value
        try require(
            record.peakHeld <= 1500,
            """
            at one point \(record.peakHeld) rows had been read and not yet inserted by the table (of \
            \(world.file.order.count + world.file.badLines.count); rows in an insert still waiting for the \
            table count too); the load should hold at most 1,500, however long the database takes
            """)
    },
    JudgeCheck(
        "reading and inserting happen at the same time",
        lesson: "Lessons/15-sqlite.md#the-bulk-load-with-back-pressure",
        hint: """
            The file and the database are two different resources: while one batch goes into \
            the table, the next block can already be read. A loop that reads, then inserts, \
            then reads again leaves one of them idle all the time.
            """
    ) { judging in
        let world = LoadWorld(judging)
        _ = try await world.run(judging)
        let record = world.record.value
        // Only inserts that carry rows count: an empty insert moves nothing.
        let inserts = record.inserts.filter { !$0.rows.isEmpty }
        // The reads that handed over a block, after the first (which nothing can overlap: no
        // row was read yet). A load that takes turns runs no insert during any of them; a
        // pipeline inserts the last block while it reads the next one, so nearly every one
        // overlaps an insert. Counting reads, not seconds, keeps this true however fast or
        // slow the machine runs one insert against one read.
        let laterReads = record.reads.prefix(world.file.blocks.count).dropFirst()
        let overlapping = laterReads.filter { read in
            inserts.contains { $0.start < read.end && read.start < $0.end }
        }
        try require(
            !inserts.isEmpty && !overlapping.isEmpty && overlapping.count * 2 >= laterReads.count,
            """
            \(laterReads.count - overlapping.count) of the \(laterReads.count) reads after the first ran while no \
            insert with rows was in progress: the reads and the inserts take turns instead of overlapping
            """)
    },
    JudgeCheck(
        "an insert that fails ends the load with its error",
        lesson: "Lessons/15-sqlite.md#the-bulk-load-with-back-pressure",
        hint: """
            The table can refuse an insert (a full disk, say). Rows that were refused were not \
            inserted: the load stops, and its caller gets the table's own error, not a report \
            that counts the refused rows.
            """
    ) { judging in
        let world = LoadWorld(judging, refuses: true)
        _ = try await world.run(judging)
    },
]
