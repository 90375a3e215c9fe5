import EmbeddedSources
import Foundation
import LessonCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Grades a class: every learner × quiz of a `Roster`, each answer with the very `Grader` call
/// `lesson grade` makes (same judge, same confinement, a fresh seed each), into a `Gradebook`
/// written to `DIR/gradebook.csv` and `DIR/gradebook.json`. Every finished row is also
/// appended at once to `DIR/gradebook.partial.jsonl`, so an interrupted class resumes: a row
/// graded before, for the same answer bytes and quiz version, is kept.
package struct ClassGrader: Sendable {
    /// How a class is graded.
    package struct Options: Sendable {
        /// Answers compiled at once, and answers judged at once (a compile keeps a core busy; a
        /// judged check mostly waits on the clock).
        package var jobs: Int = 2
        /// Grade only these learners; nil grades everyone.
        package var shard: ClassShard? = nil
        /// Called after each row is known, with how many of all rows are done.
        package var rowFinished: (@Sendable (GradebookRow, _ done: Int, _ of: Int, _ kept: Bool) -> Void)? = nil
        /// Options of every single grading (`lesson grade`'s defaults).
        package var grading = Grader.Options()

        package init() {}
    }

    /// What a class grading found.
    package struct Outcome: Sendable {
        package var gradebook: Gradebook
        /// Rows kept from an earlier, interrupted or finished, run.
        package var kept: Int
        /// Answers graded now.
        package var graded: Int
        /// Gradings the tool itself could not do (their rows are `error`, and are graded again
        /// next time).
        package var toolFailures: [String]
        /// Wall time, in seconds.
        package var seconds: Double
    }

    package let grader: Grader
    package let quizzes: [Quiz]

    package init(grader: Grader, quizzes: [Quiz]) {
        self.grader = grader
        self.quizzes = quizzes
    }

    /// The file names inside DIR.
    package static let csvName = "gradebook.csv"
    package static let jsonName = "gradebook.json"
    package static let journalName = "gradebook.partial.jsonl"

    /// The version of a quiz: a hash of everything that decides its verdicts (README with its
    /// timeout, judge, adapter, the grading kits) and of the compiler.
    package func version(of quiz: Quiz) -> String {
        var hasher = SHA256()
        hasher.update(field: "lesson-quiz-version-1")
        hasher.update(field: grader.cache.toolchain.identity)
        for text in [quiz.readme, quiz.judge, quiz.adapter] { hasher.update(field: text) }
        for file in grader.kits.judge + grader.kits.answer {
            hasher.update(field: file.name)
            hasher.update(field: file.text)
        }
        return String(hasher.hexDigest().prefix(16))
    }

    /// Grades `roster` (only `options.shard`'s learners) and writes the gradebook into `out`.
    /// Throws only for tool failures that stop the whole class (an unwritable `out`).
    package func grade(_ roster: Roster, out: String, options: Options = Options()) async throws -> Outcome {
        let started = MonotonicClock.now()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let versions = Dictionary(uniqueKeysWithValues: quizzes.map { ($0.id, version(of: $0)) })
        let book = quizzes.map { Gradebook.Quiz(id: $0.id, title: $0.title, version: versions[$0.id]!) }
        let entries = roster.entries.filter { options.shard?.contains($0.learner) ?? true }
        let earlier = Self.earlierRows(in: out)
        let journal = try Journal(path: "\(out)/\(Self.journalName)")
        defer { journal.close() }
        let total = entries.count
        let context = Context(
            versions: versions, earlier: earlier, journal: journal, compiling: Gate(width: max(1, options.jobs)),
            judging: Gate(width: max(1, options.jobs)), grading: options.grading)
        let finished = await withTaskGroup(of: Finished.self) { group in
            // Every row is a task; the gates decide how many compile and how many are judged.
            for entry in entries {
                group.addTask { await row(entry, context) }
            }
            var finished: [Finished] = []
            while let one = await group.next() {
                finished.append(one)
                options.rowFinished?(one.row, finished.count, total, one.kept)
            }
            return finished
        }
        let gradebook = Gradebook(quizzes: book, rows: finished.map(\.row), shard: options.shard?.description)
        try Self.write(gradebook, to: out)
        journal.close()
        try? FileManager.default.removeItem(atPath: "\(out)/\(Self.journalName)")
        return Outcome(
            gradebook: gradebook, kept: finished.filter(\.kept).count,
            graded: finished.filter { !$0.kept && !$0.row.gradedAt.isEmpty }.count,
            toolFailures: finished.compactMap(\.failure), seconds: MonotonicClock.now() - started)
    }

    /// What every row's task shares.
    private struct Context: Sendable {
        var versions: [String: String]
        var earlier: [String: GradebookRow]
        var journal: Journal
        var compiling: Gate
        var judging: Gate
        var grading: Grader.Options
    }

    /// The row of one learner × quiz: made from what the roster found, kept from an earlier
    /// run, or graded (compiled behind one gate, judged behind the other).
    private func row(_ entry: Roster.Entry, _ context: Context) async -> Finished {
        let quiz = quizzes.first { $0.id == entry.quiz }
        let version = quiz.map { context.versions[$0.id]! } ?? ""
        let row: GradebookRow
        var kept = false
        var failure: String? = nil
        switch entry.answer {
        case .missing:
            row = GradebookRow(learner: entry.learner, quiz: entry.quiz, status: .missing)
        case .refused(let reason):
            row = GradebookRow(
                learner: entry.learner, quiz: entry.quiz, status: .error, reason: reason,
                answer: entry.file, quizVersion: version)
        case .text(let text, let hash):
            if let before = context.earlier[Self.key(entry.learner, entry.quiz, hash, version, entry.file)] {
                row = before
                kept = true
            } else if let quiz {
                do {
                    // Compile first (warming the caches `grade` reads), then judge: N
                    // answers compile while N others are judged.
                    await context.compiling.enter()
                    await prebuild(quiz, answer: text, answerPath: entry.file)
                    await context.compiling.leave()
                    await context.judging.enter()
                    let report: GradeReport
                    do {
                        report = try await grader.grade(
                            quiz, answer: text, answerPath: entry.file, options: context.grading)
                    } catch {
                        await context.judging.leave()
                        throw error
                    }
                    await context.judging.leave()
                    row = GradebookRow(
                        learner: entry.learner, report: report, answer: entry.file, answerHash: hash,
                        quizVersion: version, gradedAt: ISO8601DateFormatter().string(from: Date()))
                    context.journal.append(row)
                } catch {
                    let reason =
                        "lesson could not grade it (a tool failure, graded again next time): "
                        + GradebookRow.oneLine("\(error)")
                    failure = "\(entry.file): \(reason)"
                    row = GradebookRow(
                        learner: entry.learner, quiz: entry.quiz, status: .error, reason: reason,
                        answer: entry.file, answerHash: hash, quizVersion: version)
                }
            } else {
                row = GradebookRow(
                    learner: entry.learner, quiz: entry.quiz, status: .error, reason: "no such quiz",
                    answer: entry.file)
            }
        }
        return Finished(row: row, kept: kept, failure: failure)
    }

    /// Builds what `Grader.grade` builds for this answer (its parse, the answer program, the
    /// judge), so that the grading itself finds them in the caches. A failure here is left for
    /// `grade` to meet and report.
    private func prebuild(_ quiz: Quiz, answer: String, answerPath: String) async {
        let cache = grader.cache
        async let judge = try? cache.build(Grader.judgeRequest(quiz, kits: grader.kits))
        _ = try? await AnswerParser.parse(answer, toolchain: cache.toolchain, cacheDirectory: cache.directory)
        _ = try? await cache.build(
            Grader.answerRequest(quiz, answer: answer, answerPath: answerPath, kits: grader.kits))
        _ = await judge
    }

    /// Writes `gradebook.csv` and `gradebook.json` into `out`, each atomically.
    package static func write(_ gradebook: Gradebook, to out: String) throws {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try LessonRunner.write(GradebookCSV.render(gradebook), to: "\(out)/\(csvName)")
        try writeJSON(gradebook, to: "\(out)/\(jsonName)")
    }

    /// Reads `DIR/gradebook.json`. Throws `UsageError` when it is missing or not a gradebook.
    package static func read(_ directory: String) throws(UsageError) -> Gradebook {
        let path = "\(directory)/\(jsonName)"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError(
                "no gradebook in \(directory) (it has no \(jsonName); write one with 'lesson class grade')")
        }
        do {
            return try JSONDecoder().decode(Gradebook.self, from: data)
        } catch {
            throw UsageError("\(path): not a gradebook lesson can read: \(error)")
        }
    }

    /// One row as its task finished it.
    private struct Finished: Sendable {
        var row: GradebookRow
        /// Kept from an earlier run.
        var kept: Bool
        /// Why lesson could not grade it, when it could not.
        var failure: String?
    }

    private static func key(_ learner: String, _ quiz: String, _ hash: String, _ version: String, _ file: String)
        -> String
    {
        [learner, quiz, hash, version, file].joined(separator: "\u{0}")
    }

    /// Rows graded before in `out` (its gradebook, then the journal of an interrupted run),
    /// by learner, quiz, answer hash, quiz version and file. Only graded rows count: rows
    /// that needed no grading are made again, and tool failures are never kept.
    private static func earlierRows(in out: String) -> [String: GradebookRow] {
        var rows: [GradebookRow] = []
        if let data = FileManager.default.contents(atPath: "\(out)/\(jsonName)"),
            let book = try? JSONDecoder().decode(Gradebook.self, from: data)
        {
            rows += book.rows
        }
        if let data = FileManager.default.contents(atPath: "\(out)/\(journalName)") {
            // A line cut short by an interrupt does not decode, and is graded again.
            for line in data.split(separator: UInt8(ascii: "\n")) {
                if let row = try? JSONDecoder().decode(GradebookRow.self, from: Data(line)) { rows.append(row) }
            }
        }
        var keyed: [String: GradebookRow] = [:]
        for row in rows where !row.answerHash.isEmpty && !row.gradedAt.isEmpty {
            keyed[key(row.learner, row.quiz, row.answerHash, row.quizVersion, row.answer)] = row
        }
        return keyed
    }
}

/// `gradebook.partial.jsonl`: one JSON row per line, each appended with a single `write` to a
/// file opened for appending, so an interrupt leaves at most one line cut short.
private final class Journal: Sendable {
    private let descriptor: Mutex<Int32>

    init(path: String) throws {
        let opened = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard opened >= 0 else {
            throw ToolError.io("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        descriptor = Mutex(opened)
    }

    func append(_ row: GradebookRow) {
        guard var data = try? JSONText.line(row) else { return }
        data.append(UInt8(ascii: "\n"))
        descriptor.withLock { descriptor in
            guard descriptor >= 0 else { return }
            _ = data.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        }
    }

    func close() {
        descriptor.withLock { descriptor in
            if descriptor >= 0 { Glibc.close(descriptor) }
            descriptor = -1
        }
    }
}

/// Lets at most `width` tasks through at once, in the order they came.
private actor Gate {
    private let width: Int
    private var inside = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(width: Int) {
        self.width = width
    }

    func enter() async {
        if inside < width {
            inside += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty {
            inside -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
