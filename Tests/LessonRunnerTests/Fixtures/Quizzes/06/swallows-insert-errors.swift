// expect failing: an insert that fails ends the load with its error
// expect message: an insert that fails ends the load with its error: returned normally
// A learner's answer that logs a failed insert and goes on, counting the rows as inserted.
import Dispatch
import Foundation
import Synchronization

// MARK: Given. The checks hand your code the file and the table through these two
// protocols, and read each line with `parseTitle`; keep them as they are.

/// One row of `title.basics`: its nine columns, with `\N` (no value) as nil, or as no
/// genres.
struct Title: Sendable, Equatable {
    var tconst: String
    var titleType: String
    var primaryTitle: String
    var originalTitle: String
    var isAdult: Bool
    var startYear: Int?
    var endYear: Int?
    var runtimeMinutes: Int?
    var genres: [String]
}

/// The title in one line of the file (without its newline), or nil when the line is a
/// bad row: not nine tab-separated columns, an `isAdult` other than 0 or 1, or a year or
/// runtime that is neither digits nor `\N`.
func parseTitle(_ line: String) -> Title? {
    let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    guard columns.count == 9, !columns[0].isEmpty, columns[4] == "0" || columns[4] == "1" else { return nil }
    func number(_ text: String) -> Int?? {
        if text == "\\N" { return .some(nil) }
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let value = Int(text) else { return nil }
        return .some(value)
    }
    guard let startYear = number(columns[5]), let endYear = number(columns[6]),
        let runtime = number(columns[7])
    else { return nil }
    let genres = columns[8] == "\\N" ? [] : columns[8].split(separator: ",").map(String.init)
    return Title(
        tconst: columns[0], titleType: columns[1], primaryTitle: columns[2], originalTitle: columns[3],
        isAdult: columns[4] == "1", startYear: startYear, endYear: endYear, runtimeMinutes: runtime,
        genres: genres)
}

/// The decompressed `title.basics.tsv`, one block of lines at a time.
protocol TitleFile: Sendable {
    /// The next block of lines (a few hundred, without their newlines), or nil after the
    /// last one. The file's first line is its header. Reading a block BLOCKS the calling
    /// thread while the block is read and inflated, a good part of a second for the whole
    /// file: like any blocking call, it belongs on a thread of its own.
    func readLines() throws -> [String]?
}

/// The `titles` table, behind the database's own thread. The load runs in one transaction
/// with one prepared statement, which the table takes care of.
protocol TitleStore: Sendable {
    /// Inserts `rows`, at most 1,000 of them. Every call is a round trip to the database
    /// thread, however few rows it carries.
    func insert(_ rows: [Title]) async throws
}

/// What a load did.
struct LoadReport: Sendable {
    /// Rows inserted.
    var inserted: Int
    /// The line numbers of the bad rows, which were skipped (the header is line 1).
    var skippedLines: [Int]
}

// MARK: The answer: a reader thread, a bounded queue of batches, and the inserts on the
// caller's side.

/// The batches between the reader's thread and the task that inserts them. At most
/// `capacity` batches wait; when the queue is full, `put` blocks the reader's own thread
/// (never a task's) until the database has taken one.
final class BatchQueue: Sendable {
    private struct State {
        var batches: [[Title]] = []
        var consumer: CheckedContinuation<[Title]?, any Error>?
        var end: Result<[Int], any Error>?
        var cancelled = false
    }

    private let state = Mutex(State())
    private let slots: DispatchSemaphore
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        slots = DispatchSemaphore(value: capacity)
    }

    /// Hands `batch` over, blocking the calling thread while `capacity` batches wait.
    /// False when the loader has stopped and wants no more.
    func put(_ batch: [Title]) -> Bool {
        slots.wait()
        let (accepted, consumer) = state.withLock { state -> (Bool, CheckedContinuation<[Title]?, any Error>?) in
            if state.cancelled { return (false, nil) }
            if let consumer = state.consumer {
                state.consumer = nil
                return (true, consumer)
            }
            state.batches.append(batch)
            return (true, nil)
        }
        if let consumer {
            // Handed straight to the waiting task: the slot is free again at once.
            slots.signal()
            consumer.resume(returning: batch)
        }
        if !accepted { slots.signal() }
        return accepted
    }

    /// Ends the queue: the reader has read everything, and these lines were bad.
    func finish(_ end: Result<[Int], any Error>) {
        let consumer = state.withLock { state in
            state.end = end
            defer { state.consumer = nil }
            return state.consumer
        }
        switch end {
        case .success: consumer?.resume(returning: nil)
        case .failure(let error): consumer?.resume(throwing: error)
        }
    }

    /// The next batch, or nil once the reader is done; throws what the reader threw.
    func next() async throws -> [Title]? {
        try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLock { state -> Result<[Title]?, any Error>? in
                if !state.batches.isEmpty { return .success(state.batches.removeFirst()) }
                if let end = state.end { return end.map { _ in nil } }
                state.consumer = continuation
                return nil
            }
            guard let ready else { return }
            if case .success(.some) = ready { slots.signal() }
            continuation.resume(with: ready)
        }
    }

    /// The bad lines the reader reported.
    var skippedLines: [Int] {
        state.withLock { state in (try? state.end?.get()) ?? [] }
    }

    /// Stops the reader: its next `put` returns false instead of waiting.
    func cancel() {
        state.withLock { $0.cancelled = true }
        for _ in 0...capacity { slots.signal() }
    }
}

/// Loads every good row of `file` into `store` and reports the bad ones. The server calls
/// it on its main actor, which also answers `/health` while the load runs.
@MainActor
func load(_ file: any TitleFile, into store: any TitleStore) async throws -> LoadReport {
    let queue = BatchQueue(capacity: 2)
    let reader = Thread {
        var lineNumber = 0
        var skipped: [Int] = []
        var batch: [Title] = []
        batch.reserveCapacity(250)
        do {
            while let lines = try file.readLines() {
                for line in lines {
                    lineNumber += 1
                    if lineNumber == 1 { continue }
                    guard let title = parseTitle(line) else {
                        skipped.append(lineNumber)
                        continue
                    }
                    batch.append(title)
                    if batch.count == 250 {
                        guard queue.put(batch) else { return }
                        batch.removeAll(keepingCapacity: true)
                    }
                }
            }
            if !batch.isEmpty, !queue.put(batch) { return }
            queue.finish(.success(skipped))
        } catch {
            queue.finish(.failure(error))
        }
    }
    reader.start()
    var inserted = 0
    do {
        while let batch = try await queue.next() {
            do {
                try await store.insert(batch)
            } catch {
                print("insert failed: \(error)")
            }
            inserted += batch.count
        }
    } catch {
        queue.cancel()
        throw error
    }
    return LoadReport(inserted: inserted, skippedLines: queue.skippedLines)
}
