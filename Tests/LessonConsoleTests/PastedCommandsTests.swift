import Foundation
import LessonCore
import LessonRunner
import LoopbackTestSupport
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension RealProcesses {
    /// Every `lesson …` command that a page or a message of the tool shows works when pasted
    /// into a shell on a fresh copy of the workshop, with `lesson` on the PATH as the README's
    /// first screen puts it there.
    @Suite struct PastedCommandsTests {
        /// A fresh copy of the workshop (its lessons and quizzes, nothing recorded).
        static func freshWorkshop() throws -> String {
            let root = NSTemporaryDirectory() + "lesson-fresh-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            for folder in ["Lessons", "Quizzes"] {
                try FileManager.default.copyItem(atPath: "\(Fixtures.root)/\(folder)", toPath: "\(root)/\(folder)")
            }
            return root
        }

        /// The environment of a shell after the README's PATH line (or without it).
        static func environment(withPath: Bool) -> [String: String] {
            var environment = ProcessInfo.processInfo.environment
            let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
                .filter { !FileManager.default.isExecutableFile(atPath: "\($0)/lesson") }.joined(separator: ":")
            environment["PATH"] = withPath ? "\(Fixtures.binDirectory):\(path)" : path
            environment["NO_COLOR"] = "1"
            environment["LESSON_STATE_DIR"] = nil
            environment["LESSON_WORKSHOP"] = nil
            return environment
        }

        /// How a pasted command went.
        struct Pasted: Sendable {
            var command: String
            var status: Int32?
            var stdout: String
            var stderr: String
            /// True when it was still working (output printed or a child started) and was
            /// stopped with Ctrl-C.
            var interrupted: Bool
            /// The signal that ended it, if one did.
            var signal: Int32?
        }

        /// Runs `command` in a shell in `directory`. A command that runs for long (a server, a
        /// compile: `run`, `grade`, `site`, `serve`, `demo`, `bless`) counts as working once it
        /// printed a line or started a process; it is then stopped with SIGINT, as a learner
        /// would. Any other command runs to its end.
        static func paste(
            _ command: String, in directory: String, withPath: Bool = true, toTheEnd: Bool = false
        ) async throws -> Pasted {
            let long =
                !toTheEnd
                && ["run", "grade", "site", "serve", "demo", "bless"].contains(
                    command.split(separator: " ").dropFirst().first.map(String.init) ?? "")
            var process = Subprocess(
                executable: "/bin/sh", arguments: ["-c", command.contains(";") ? command : "exec " + command])
            process.standardOutput = .pipe
            process.workingDirectory = directory
            process.environment = environment(withPath: withPath)
            process.timeout = 600
            process.outputLimit = 8 << 20
            let seen = Mutex((pid: pid_t(0), printed: false))
            process.onStart = { pid in seen.withLock { $0.pid = pid } }
            process.lineObserver = { line in if line.stream == .stdout { seen.withLock { $0.printed = true } } }
            let spec = process
            let ended = Atomic<Bool>(false)
            let run = Task {
                defer { ended.store(true, ordering: .sequentiallyConsistent) }
                return try await spec.run()
            }
            var interrupted = false
            let working = await eventually(limit: .seconds(600)) {
                if ended.load(ordering: .sequentiallyConsistent) { return true }
                let (pid, printed) = seen.withLock { ($0.pid, $0.printed) }
                return long && pid != 0 && (printed || !children(of: pid).isEmpty)
            }
            if working, !ended.load(ordering: .sequentiallyConsistent) {
                interrupted = true
                let pid = seen.withLock { $0.pid }
                // Again every 0.25 s: a signal sent while the handler is being armed can be lost.
                _ = await eventually(interval: .milliseconds(250)) {
                    if ended.load(ordering: .sequentiallyConsistent) { return true }
                    kill(pid, SIGINT)
                    return false
                }
            }
            let result = try await run.value
            return Pasted(
                command: command, status: result.exitCode, stdout: result.text(of: .stdout),
                stderr: result.text(of: .stderr), interrupted: interrupted, signal: result.signal)
        }

        /// The commands in `text`: `<code>lesson …</code>` on pages, `'lesson …'` in messages.
        static func commands(in text: String, html: Bool) -> [String] {
            let (open, close) = html ? ("<code>", "</code>") : ("'", "'")
            var found: [String] = []
            var rest = text[...]
            while let start = rest.range(of: open + "lesson ") {
                let after = rest[start.upperBound...]
                guard let end = after.range(of: close) else { break }
                var command = String(after[..<end.lowerBound])
                if html {
                    for (entity, character) in [
                        ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&"),
                    ] {
                        command = command.replacingOccurrences(of: entity, with: character)
                    }
                }
                found.append("lesson " + command)
                rest = after[end.upperBound...]
            }
            return found
        }

        /// A command to paste as it is: no placeholder (`NN`, `DIR`, `<lesson>`, `[--flag]`,
        /// `a|b`, `…`), which a reader fills in first.
        static func isConcrete(_ command: String) -> Bool {
            command.split(separator: " ").allSatisfy { word in
                !word.contains(where: { $0.isUppercase || "<>[]|…{}".contains($0) }) && word != "..."
            }
        }

        @Test func everyCommandThePagesAndMessagesShowWorksWhenPasted() async throws {
            let workshop = try Self.freshWorkshop()
            defer { try? FileManager.default.removeItem(atPath: workshop) }
            // The pages: the static site, as `lesson site` writes it (the served pages are the
            // same pages).
            let site = try await Self.paste("lesson site --no-run --out site", in: workshop, toTheEnd: true)
            #expect(site.status == 0, "\(site.stderr)")
            var shown: [String: String] = [:]  // command → where it was shown
            let files = FileManager.default.enumerator(atPath: "\(workshop)/site")?.allObjects as? [String] ?? []
            for file in files where file.hasSuffix(".html") {
                let page = try String(contentsOfFile: "\(workshop)/site/\(file)", encoding: .utf8)
                for command in Self.commands(in: page, html: true) where shown[command] == nil { shown[command] = file }
            }
            // The messages: what the tool says after the commands a learner starts with.
            for start in [
                "lesson help", "lesson list", "lesson quiz", "lesson quiz 01", "lesson quiz 01 --hint",
                "lesson init sample",
            ] {
                let said = try await Self.paste(start, in: workshop)
                #expect(said.status == 0, "\(start): \(said.stderr)")
                for command in Self.commands(in: said.stdout + said.stderr, html: false) where shown[command] == nil {
                    shown[command] = "'\(start)'"
                }
            }
            let grade = try await Self.paste("lesson grade 02", in: workshop)
            for command in Self.commands(in: grade.stderr, html: false) {
                shown[command] = shown[command] ?? "'lesson grade 02'"
            }

            let concrete = shown.keys.filter(Self.isConcrete)
            #expect(concrete.count >= 8, "only \(concrete.sorted()) of \(shown.keys.sorted())")
            // A quiz's answer file exists once 'lesson quiz NN' ran: those first, as the pages say.
            let order = [
                "quiz", "help", "list", "init", "markdown", "doctor", "site", "run", "bless", "grade", "serve", "demo",
            ]
            func rank(_ command: String) -> Int {
                order.firstIndex(of: String(command.split(separator: " ").dropFirst().first ?? "")) ?? order.count
            }
            for command in concrete.sorted(by: { (rank($0), $0) < (rank($1), $1) }) {
                let pasted = try await Self.paste(command, in: workshop)
                // Stopped by Ctrl-C: 130, or the signal itself, which a shell reports as 130 too.
                let accepted: Set<Int32> = pasted.interrupted ? [0, 1, 130] : [0, 1]
                #expect(
                    pasted.status.map(accepted.contains) == true || (pasted.interrupted && pasted.signal == SIGINT),
                    "'\(command)' (shown by \(shown[command] ?? "?")) ended with \(pasted.status.map(String.init) ?? "signal \(pasted.signal ?? 0)"): \(pasted.stderr)"
                )
            }
        }

        @Test func withoutLessonOnThePathTheToolSaysTheLineThatPutsItThere() async throws {
            let workshop = try Self.freshWorkshop()
            defer { try? FileManager.default.removeItem(atPath: workshop) }
            let binary = Fixtures.binary
            let said = try await Self.paste("'\(binary)' quiz", in: workshop, withPath: false)
            #expect(said.status == 0)
            #expect(said.stdout.contains("'lesson quiz NN'"))
            let export = try #require(
                said.stderr.split(separator: "\n").first {
                    $0.trimmingCharacters(in: .whitespaces).hasPrefix("export PATH=")
                })
            // The line it names, pasted, makes the commands above work.
            let pasted = try await Self.paste(
                "\(export.trimmingCharacters(in: .whitespaces)); lesson quiz 01", in: workshop, withPath: false)
            #expect(pasted.status == 0, "\(pasted.stderr)")
            #expect(pasted.stdout.contains("Your answer file"))
            // With `lesson` on the PATH, no such note.
            let quiet = try await Self.paste("lesson quiz", in: workshop)
            #expect(!quiet.stderr.contains("export PATH="), "\(quiet.stderr)")
        }
    }
}
