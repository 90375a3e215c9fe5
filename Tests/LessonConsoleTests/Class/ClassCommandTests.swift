import Foundation
import LessonCore
import LessonRunner
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `lesson class grade` and `lesson class merge`, run as an instructor runs them: the real
/// binary on a roster on disk, real compiles, real judges.
extension RealProcesses {
    @Suite struct ClassCommandTests {
        typealias Outcome = CommandLineTests.Outcome

        /// The package's quizzes and the class fixtures.
        static let quizzes = "\(Fixtures.root)/Quizzes"
        static let fixtures = "\(Fixtures.directory)/Class"

        /// A fresh scratch folder.
        static func scratch() -> String {
            let path = NSTemporaryDirectory() + "lesson-class-\(UUID().uuidString)"
            try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            return path
        }

        /// One state directory (so one build cache) for every test of this suite.
        static let state = scratch()

        /// Runs `lesson` on the package's workshop, with this suite's state directory.
        static func lesson(
            _ arguments: [String], in directory: String = Fixtures.root, environment extra: [String: String] = [:],
            started: (@Sendable (Int32) -> Void)? = nil
        ) async throws -> Outcome {
            var process = Subprocess(executable: Fixtures.binary, arguments: arguments)
            process.standardOutput = .pipe
            process.timeout = 600
            process.outputLimit = 8 << 20
            var environment = ProcessInfo.processInfo.environment
            environment["LESSON_STATE_DIR"] = state
            environment["LESSON_WORKSHOP"] = Fixtures.root
            environment["NO_COLOR"] = "1"
            environment.merge(extra) { _, new in new }
            process.environment = environment
            process.workingDirectory = directory
            process.onStart = started
            let result = try await process.run()
            return Outcome(
                status: result.exitCode ?? -1, stdout: result.text(of: .stdout), stderr: result.text(of: .stderr))
        }

        static func text(_ path: String) throws -> String {
            try String(contentsOfFile: path, encoding: .utf8)
        }

        static func put(_ text: String, _ path: String) throws {
            try FileManager.default.createDirectory(
                atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }

        static func putBytes(_ bytes: [UInt8], _ path: String) throws {
            try FileManager.default.createDirectory(
                atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }

        static func solution(_ quiz: String) throws -> String {
            try text("\(quizzes)/\(quiz)/Solution.swift")
        }

        static func starter(_ quiz: String) throws -> String {
            try text("\(quizzes)/\(quiz)/Starter.swift")
        }

        static func gradebook(_ directory: String) throws -> Gradebook {
            try JSONDecoder().decode(
                Gradebook.self, from: Data(contentsOf: URL(fileURLWithPath: "\(directory)/gradebook.json")))
        }

        /// Every path below `root` (links not followed) with its size and modification time,
        /// except below `skip`.
        static func snapshot(_ root: String, skipping skip: String) -> [String: String] {
            var seen: [String: String] = [:]
            func walk(_ directory: String) {
                guard directory != skip, let names = try? FileManager.default.contentsOfDirectory(atPath: directory)
                else { return }
                for name in names {
                    let path = "\(directory)/\(name)"
                    guard path != skip else { continue }
                    var info = stat()
                    guard lstat(path, &info) == 0 else { continue }
                    seen[path] = "\(info.st_mode) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
                    if info.st_mode & S_IFMT == S_IFDIR { walk(path) }
                }
            }
            walk(root)
            return seen
        }

        /// Processes whose program lies under `directory` (answers and judges of the cache).
        static func processes(under directory: String) -> [String] {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            return entries.compactMap { entry in
                guard Int32(entry) != nil,
                    let program = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(entry)/exe"),
                    program.hasPrefix(directory)
                else { return nil }
                return "\(entry) \(program)"
            }
        }

        @Test func usageErrorsExitTwoWithTheirReason() async throws {
            let place = Self.scratch()
            let cases: [([String], String)] = [
                (["class"], "usage: lesson class grade"),
                (["class", "mark", "x"], "unknown 'lesson class' command 'mark'"),
                (["class", "grade"], "usage: lesson class grade SUBMISSIONS"),
                (["class", "grade", place, "--shard", "3/2"], "--shard needs K/N with 1 ≤ K ≤ N"),
                (["class", "grade", "\(place)/nowhere"], "cannot read the submissions folder"),
                (["class", "merge", place], "usage: lesson class merge DIR... --out DIR"),
                (["class", "merge", place, "--out", "\(place)/m"], "no gradebook in \(place)"),
                (["export"], "usage: lesson export --learner DIR"),
                (["site", "--no-run", "--class", place, "--out", "\(place)/site"], "no gradebook in \(place)"),
                (["grade", "01", "--format", "xml"], "--format is one of terminal, exercism, gradescope, markdown"),
            ]
            for (arguments, message) in cases {
                let run = try await Self.lesson(arguments)
                #expect(run.status == 2, "\(arguments): \(run.stderr)")
                #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
            }
        }

        @Test func everyBadSubmissionIsAnErrorRowAndTheGoodOnesAgreeWithLessonGrade() async throws {
            let place = Self.scratch()
            let roster = "\(place)/roster"
            let out = "\(place)/out"
            // Good answers, found in each of the four places; the first form wins.
            try Self.put(try Self.solution("01-run-many"), "\(roster)/alice/01.swift")
            try Self.put(
                try Self.starter("02-first-answer"), "\(roster)/alice/.lesson/answers/02-first-answer/Answer.swift")
            try Self.put(try Self.solution("01-run-many"), "\(roster)/bob/01-run-many/Answer.swift")
            try Self.put(try Self.starter("01-run-many"), "\(roster)/bob/01-run-many.swift")
            try Self.put(try Self.starter("01-run-many"), "\(roster)/bob/01.swift")
            // Bad files.
            try FileManager.default.createDirectory(atPath: "\(roster)/dave", withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(
                atPath: "\(roster)/dave/01.swift", withDestinationPath: "\(roster)/alice/01.swift")
            try Self.putBytes(Array("let a = 1\nlet b = \"".utf8) + [0xFF, 0x22, 0x0A], "\(roster)/dave/02.swift")
            try Self.put("func resolveFirst( {\n", "\(roster)/dave/03.swift")
            try Self.put(String(repeating: "// padding\n", count: 100_000), "\(roster)/dave/04.swift")
            try Self.put(try Self.solution("01-run-many"), "\(roster)/dave/09.swift")
            try Self.put(try Self.solution("01-run-many"), "\(roster)/dave/05-wrong-slug.swift")
            #expect(mkfifo("\(roster)/dave/06.swift", 0o644) == 0)
            try Self.put(try Self.text("\(Self.fixtures)/hangs.swift"), "\(roster)/mallory/01.swift")
            try Self.put(try Self.text("\(Self.fixtures)/floods-processes.swift"), "\(roster)/oscar/01.swift")
            // Odd learner folders, and a learner folder that is a link to elsewhere.
            for name in ["bad\nname", "-rf", "rtl\u{202E}gnp.exe"] {
                try Self.put(try Self.solution("01-run-many"), "\(roster)/\(name)/01.swift")
            }
            let raw = Array("\(roster)/".utf8) + [0xFF, 0xFE, 0x00]
            #expect(
                raw.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { mkdir($0.baseAddress!, 0o755) } }
                    == 0)
            try Self.put(try Self.solution("01-run-many"), "\(roster)/=HYPERLINK(\"x\")/01.swift")
            try FileManager.default.createSymbolicLink(atPath: "\(roster)/eve", withDestinationPath: "\(roster)/alice")
            try Self.put("not a learner\n", "\(roster)/notes.txt")
            let before = Self.snapshot(place, skipping: out)

            let graded = try await Self.lesson(["class", "grade", roster, "--out", out, "--jobs", "2"])
            #expect(graded.status == 0, "\(graded.stdout)\(graded.stderr)")
            #expect(Self.snapshot(place, skipping: out) == before, "nothing is written outside DIR")
            #expect(Self.processes(under: Self.state).isEmpty, "the fork bomb and the hanging answer left nothing")
            #expect(graded.stderr.contains("note: notes.txt: not a folder, so not a learner; ignored"))
            let book = try Self.gradebook(out)
            func row(_ learner: String, _ quiz: String) throws -> GradebookRow {
                try #require(book.row(learner: learner, quiz: quiz), "no row \(learner) \(quiz)")
            }
            #expect(try row("alice", "01-run-many").status == .pass)
            #expect(try row("alice", "02-first-answer").status == .fail)
            #expect(try row("alice", "02-first-answer").answer == "alice/.lesson/answers/02-first-answer/Answer.swift")
            #expect(try row("alice", "03-request-context").status == .missing)
            #expect(try row("bob", "01-run-many").answer == "bob/01-run-many/Answer.swift")
            #expect(try row("bob", "01-run-many").status == .pass)
            let reasons: [(String, String, String)] = [
                ("dave", "01-run-many", "dave/01.swift: a symbolic link, refused (whatever it points at)"),
                ("dave", "02-first-answer", "dave/02.swift:2:10: not UTF-8 (byte 0xFF)"),
                ("dave", "03-request-context", "dave/03.swift:1:"),
                ("dave", "04-lazy-connection", "dave/04.swift: over 1 MiB, refused"),
                ("dave", "06-bulk-loader", "dave/06.swift: not a regular file, refused"),
                ("dave", "09", "'09' names no quiz of this workshop"),
                ("dave", "05-wrong-slug", "'05-wrong-slug' names no quiz of this workshop"),
                ("bad\\u{a}name", "01-run-many", "the learner folder's name holds a control or invisible character"),
                ("rtl\\u{202e}gnp.exe", "01-run-many", "a control or invisible character"),
                ("-rf", "01-run-many", "starts with '-'"),
                (#"\xFF\xFE"#, "01-run-many", "not UTF-8"),
                ("eve", "01-run-many", "eve: the learner folder is a symbolic link, refused"),
            ]
            for (learner, quiz, reason) in reasons {
                let found = try row(learner, quiz)
                #expect(found.status == .error, "\(learner) \(quiz)")
                #expect(found.reason.contains(reason), "\(learner) \(quiz): \(found.reason)")
                #expect(!found.reason.contains("\n"))
            }
            #expect(try row("dave", "05-predict-the-order").status == .missing)
            // A hanging answer and a fork bomb (its processes refused, it then waits forever)
            // never stop the class: no check could judge them, so their rows are `error`, with
            // the reason on one line, while each check still says what it saw.
            for learner in ["mallory", "oscar"] {
                let found = try row(learner, "01-run-many")
                #expect(found.status == .error && found.passed == 0 && found.total == 4, "\(found)")
                #expect(found.reason.hasPrefix("no check could judge it (it never replied in time: it hangs)"))
                #expect(found.reason.contains("did not return"), "\(found.reason)")
                #expect(!found.reason.contains("\n"))
                #expect(found.checks.allSatisfy { $0.status == .fail && $0.cause == .hung }, "\(found.checks)")
            }
            #expect(try row("=HYPERLINK(\"x\")", "01-run-many").status == .pass)
            let csv = try Self.text("\(out)/gradebook.csv")
            #expect(csv.hasPrefix("learner,quiz,status,passed,total,seed,reason,"))
            #expect(csv.contains("\r\n\"'=HYPERLINK(\"\"x\"\")\",01-run-many,pass,4,4,"))
            #expect(csv.split(separator: "\r\n").count == book.rows.count + 1)
            #expect(graded.stdout.contains("most failed checks:"))
            #expect(graded.stdout.contains("pass rate per quiz:"))

            // The rows agree with `lesson grade`, check by check.
            for (learner, quiz, number) in [
                ("alice", "01-run-many", "01"), ("alice", "02-first-answer", "02"),
                ("dave", "03-request-context", "03"),
            ] {
                let graded = try row(learner, quiz)
                let alone = try await Self.lesson(["grade", number, "\(roster)/\(graded.answer)", "--json"])
                let results = try JSONDecoder().decode(
                    ExercismResults.self, from: Data(alone.stdout.utf8))
                #expect(results.tests.map(\.name) == graded.checks.map(\.name))
                #expect(results.tests.map(\.status) == graded.checks.map(\.status.rawValue))
                #expect(results.status == (graded.status == .error ? "error" : graded.status.rawValue))
            }
        }

        @Test func anInterruptedClassResumesKeepingTheRowsItGraded() async throws {
            let place = Self.scratch()
            let roster = "\(place)/roster"
            let out = "\(place)/out"
            for (index, learner) in ["ann", "ben", "cat", "dan", "eli"].enumerated() {
                try Self.put(try Self.solution("01-run-many") + "\n// \(learner)\n", "\(roster)/\(learner)/01.swift")
                try Self.put(
                    try Self.solution("05-predict-the-order") + "\n// \(index)\n", "\(roster)/\(learner)/05.swift")
            }
            let journal = "\(out)/gradebook.partial.jsonl"
            let pid = Mutex<Int32>(0)
            let run = Task {
                try await Self.lesson(["class", "grade", roster, "--out", out, "--jobs", "1"]) { started in
                    pid.withLock { $0 = started }
                }
            }
            // Interrupt once two rows are in the journal.
            var lines = 0
            for _ in 0..<2400 where lines < 2 {
                try await Task.sleep(for: .milliseconds(50))
                lines = (try? Self.text(journal))?.split(separator: "\n").count ?? 0
            }
            #expect(lines >= 2)
            kill(pid.withLock { $0 }, SIGINT)
            let interrupted = try await run.value
            #expect(interrupted.status == 130, "\(interrupted.stderr)")
            #expect(!FileManager.default.fileExists(atPath: "\(out)/gradebook.json"))
            let journaled = try Self.text(journal).split(separator: "\n").compactMap {
                try? JSONDecoder().decode(GradebookRow.self, from: Data($0.utf8))
            }
            #expect(journaled.count >= 2)
            #expect(Self.processes(under: Self.state).isEmpty)

            let resumed = try await Self.lesson(["class", "grade", roster, "--out", out])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(
                resumed.stdout.contains("kept \(journaled.count) rows graded by an earlier run"), "\(resumed.stdout)")
            #expect(resumed.stdout.contains("graded \(10 - journaled.count) answers"), "\(resumed.stdout)")
            let book = try Self.gradebook(out)
            for row in journaled {
                #expect(book.row(learner: row.learner, quiz: row.quiz) == row, "kept as graded, seed and all")
            }
            #expect(!FileManager.default.fileExists(atPath: journal))
            #expect(book.count(.pass) == 10)

            // A finished class is kept whole; an answer that changed is graded again, alone.
            try Self.put(try Self.starter("01-run-many"), "\(roster)/ann/01.swift")
            let again = try await Self.lesson(["class", "grade", roster, "--out", out])
            #expect(again.stdout.contains("graded 1 answer in"), "\(again.stdout)")
            #expect(again.stdout.contains("kept 9 rows"))
            #expect(try Self.gradebook(out).row(learner: "ann", quiz: "01-run-many")?.status == .fail)
        }

        /// The roster of the shard tests: eight learners, fast deterministic answers.
        static func smallRoster(_ roster: String) throws {
            for (index, learner) in ["ann", "ben", "cat", "dan", "eli", "fay", "gus", "hal"].enumerated() {
                let first = index.isMultiple(of: 3) ? try starter("01-run-many") : try solution("01-run-many")
                try put(first, "\(roster)/\(learner)/01.swift")
                if index.isMultiple(of: 2) {
                    try put(try solution("05-predict-the-order"), "\(roster)/\(learner)/05.swift")
                }
            }
        }

        @Test func shardsRunOneAfterTheOtherMergeToTheUnshardedGradebook() async throws {
            let place = Self.scratch()
            try Self.smallRoster("\(place)/roster")
            let whole = try await Self.lesson(["class", "grade", "roster", "--out", "whole"], in: place)
            #expect(whole.status == 0, "\(whole.stderr)")
            for shard in 1...2 {
                let run = try await Self.lesson(
                    ["class", "grade", "roster", "--shard", "\(shard)/2", "--out", "shard-\(shard)"], in: place)
                #expect(run.status == 0, "\(run.stderr)")
            }
            let shards = try (1...2).map { try Self.gradebook("\(place)/shard-\($0)") }
            #expect(shards.allSatisfy { !$0.learners.isEmpty })
            #expect(Set(shards[0].learners).isDisjoint(with: shards[1].learners))
            let merged = try await Self.lesson(["class", "merge", "shard-1", "shard-2", "--out", "merged"], in: place)
            #expect(merged.status == 0, "\(merged.stderr)")
            let book = try Self.gradebook("\(place)/merged")
            let unsharded = try Self.gradebook("\(place)/whole")
            #expect(book.sameVerdicts(as: unsharded))
            // Each row of the merge is the shard's row, seed and all.
            for row in book.rows {
                let from = shards.compactMap { $0.row(learner: row.learner, quiz: row.quiz) }
                #expect(from == [row])
            }
            // A shard given twice, or one missing, is refused.
            let twice = try await Self.lesson(["class", "merge", "shard-1", "shard-1", "--out", "bad"], in: place)
            #expect(twice.status == 2 && twice.stderr.contains("shard 1/2 is given twice"))
            let missing = try await Self.lesson(["class", "merge", "shard-2", "--out", "bad"], in: place)
            #expect(missing.status == 2 && missing.stderr.contains("shard 1/2 is missing"))
        }

        /// The `run:` lines of the Actions workflow and the `args` of the Kubernetes Jobs in
        /// docs/ that call `lesson class`, run here as the runners and pods run them.
        @Test func classEnginesRunTheirCommandsHere() async throws {
            let place = Self.scratch()
            try Self.smallRoster("\(place)/roster")
            try FileManager.default.createSymbolicLink(atPath: "\(place)/submissions", withDestinationPath: "roster")
            let bin = Fixtures.binDirectory
            let path = "\(bin):\(ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")"
            func shell(_ command: String, _ environment: [String: String]) async throws -> Outcome {
                var process = Subprocess(executable: "/bin/sh", arguments: ["-c", command])
                process.standardOutput = .pipe
                process.timeout = 600
                var all = ProcessInfo.processInfo.environment
                all["PATH"] = path
                all["LESSON_STATE_DIR"] = Self.state
                all["LESSON_WORKSHOP"] = Fixtures.root
                all.merge(environment) { _, new in new }
                process.environment = all
                process.workingDirectory = place
                let result = try await process.run()
                return Outcome(
                    status: result.exitCode ?? -1, stdout: result.text(of: .stdout), stderr: result.text(of: .stderr))
            }
            let whole = try await Self.lesson(["class", "grade", "roster", "--out", "whole"], in: place)
            #expect(whole.status == 0)
            let unsharded = try Self.gradebook("\(place)/whole")

            // GitHub Actions: the matrix's shard values, then the merge job.
            let workflow = try Self.text("\(Fixtures.root)/docs/class-grade.yml")
            let matrix = try #require(workflow.firstMatch(of: /shard: \[([0-9, ]+)\]/)).1.split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }
            let runs = workflow.split(separator: "\n").compactMap { line -> String? in
                guard let found = line.firstMatch(of: /^\s*- run: (lesson class .*)$/) else { return nil }
                return String(found.1)
            }
            #expect(runs.count == 2)
            for shard in matrix {
                let command = runs[0].replacingOccurrences(of: "${{ matrix.shard }}", with: shard)
                let ran = try await shell(command, ["SUBMISSIONS": "submissions"])
                #expect(ran.status == 0, "\(command): \(ran.stderr)")
            }
            let mergedHere = try await shell(runs[1], [:])
            #expect(mergedHere.status == 0, "\(runs[1]): \(mergedHere.stderr)")
            #expect(try Self.gradebook("\(place)/gradebook").sameVerdicts(as: unsharded))

            // Kubernetes: each pod of the Indexed Job, then the merge Job.
            let manifest = try Self.text("\(Fixtures.root)/docs/class-grade-job.yaml")
            let commands = manifest.split(separator: "\n").compactMap { line -> String? in
                guard let found = line.firstMatch(of: /^\s*- (lesson class .*)$/) else { return nil }
                return String(found.1)
            }
            let count = try #require(manifest.firstMatch(of: /completions: ([0-9]+)/)).1
            let completions = try #require(Int(count))
            #expect(commands.count == 2)
            let volumes = ["SUBMISSIONS": "\(place)/submissions", "GRADEBOOKS": "\(place)/gradebooks"]
            for index in 0..<completions {
                let ran = try await shell(commands[0], volumes.merging(["JOB_COMPLETION_INDEX": "\(index)"]) { $1 })
                #expect(ran.status == 0, "\(commands[0]): \(ran.stderr)")
            }
            let mergedPods = try await shell(commands[1], volumes)
            #expect(mergedPods.status == 0, "\(commands[1]): \(mergedPods.stderr)")
            #expect(try Self.gradebook("\(place)/gradebooks/class").sameVerdicts(as: unsharded))
        }
    }
}
