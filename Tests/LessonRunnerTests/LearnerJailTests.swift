import Foundation
import LessonCore
import LessonRunner
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The hostile program of `Fixtures/JailProbe`, compiled once into a directory only root may
/// enter: a confined run shows it can still run a program it cannot reach by path.
enum JailProbe {
    static let path = Probe.compile("JailProbe/main.swift", as: "jail-probe")

    /// Runs the probe with `arguments` under `confinement` (nil: unconfined).
    static func run(_ arguments: [String], _ confinement: Confinement?) async throws -> RunResult {
        var process = Subprocess.compiledSwift(path, arguments: arguments)
        process.timeout = 30
        process.confinement = confinement
        return try await process.run()
    }

    /// The first line the probe printed (or what went wrong).
    static func line(_ arguments: [String], _ confinement: Confinement?) async throws -> String {
        let result = try await run(arguments, confinement)
        return result.lines(of: .stdout).first?.text
            ?? "nothing (exit \(String(describing: result.exitCode)), signal \(String(describing: result.signal))): \(result.text(of: .stderr))"
    }

    /// Processes of `uid` alive on this machine.
    static func processes(of uid: UInt32) -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { Int32($0) }.filter { pid in
            var info = stat()
            return stat("/proc/\(pid)", &info) == 0 && info.st_uid == uid
        }
    }
}

extension RealProcesses {
    /// `LearnerJail`: a learner's snippet runs and graded answers, each tried with what a
    /// hostile learner would type, and every lesson of the workshop run confined.
    @Suite(
        .enabled(
            if: geteuid() == 0,
            "a learner's jail runs their code as a user of their own, in namespaces and control groups, which needs root"
        ))
    struct LearnerJailTests {
        let jail = LearnerJail(slot: 7, name: "ada")

        @Test func thisMachineCanConfineLearners() async {
            let reason = await LearnerJail.unavailableReason()
            #expect(reason == nil, "\(reason ?? "")")
        }

        @Test func eachLearnerRunsAsAUserOfTheirOwn() async throws {
            let first = try await JailProbe.line(["whoami"], LearnerJail(slot: 1, name: "a").snippet)
            let second = try await JailProbe.line(["whoami"], LearnerJail(slot: 2, name: "b").answer)
            #expect(first == "uid \(LearnerJail.userBase + 1) gid \(LearnerJail.userBase + 1)")
            #expect(second == "uid \(LearnerJail.userBase + 2) gid \(LearnerJail.userBase + 2)")
            #expect(first != second)
        }

        @Test func theWorkshopIsNotThereForARun() async throws {
            // A fake workshop outside any temporary folder (where workshops live: /opt, as the
            // Swift runtime does): lessons, one learner's state, another learner's folder, a
            // quiz solution and a judge, all readable by anyone.
            let workshop = "/opt/lesson-jail-tests-\(getpid())"
            defer { try? FileManager.default.removeItem(atPath: workshop) }
            let files = [
                "Lessons/09-servers.md", ".lesson/state.json", "learners/grace/edits.json",
                "Quizzes/01-run-many/Solution.swift", "Quizzes/01-run-many/Judge.swift",
            ]
            for file in files {
                let path = "\(workshop)/\(file)"
                try FileManager.default.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o755])
                try "secret of \(file)".write(toFile: path, atomically: true, encoding: .utf8)
                chmod(path, 0o644)
            }
            chmod(workshop, 0o755)
            // And this very workshop: a lesson and a quiz solution; and root's home.
            let real = [
                "\(Fixtures.root)/Lessons/09-servers.md", "\(Fixtures.root)/Quizzes/01-run-many/Solution.swift",
            ]
            let targets = files.map { "\(workshop)/\($0)" } + real + ["/root/.bashrc"]
            for target in targets {
                // Without the jail, an unprivileged user reads it: the jail is what hides it.
                let plain = try await JailProbe.line(["read", target], Confinement())
                #expect(plain.hasPrefix("read: ") || !target.hasPrefix(workshop), "\(target): \(plain)")
                for confinement in [jail.snippet, jail.answer] {
                    let line = try await JailProbe.line(["read", target], confinement)
                    #expect(line == "refused: No such file or directory", "\(target): \(line)")
                    let seen = try await JailProbe.line(
                        ["exists", (target as NSString).deletingLastPathComponent], confinement)
                    #expect(seen.hasPrefix("absent"), "\(target): \(seen)")
                }
            }
            // The system is there, read-only.
            let system = try await JailProbe.line(["read", "/etc/passwd"], jail.snippet)
            #expect(system.hasPrefix("read: root:"), "\(system)")
            let write = try await JailProbe.line(["write", "/usr/lesson-jail-test"], jail.snippet)
            #expect(write == "refused: Read-only file system", "\(write)")
            let own = try await JailProbe.line(["write", "own-file"], jail.snippet)
            #expect(own == "written", "\(own)")
        }

        @Test func aRunSeesOnlyItsOwnProcessesAndMakesNoNamespace() async throws {
            let seen = try await JailProbe.line(["processes"], jail.snippet)
            #expect(seen == "sees 1 processes", "\(seen)")
            let unshared = try await JailProbe.line(["unshare"], jail.snippet)
            #expect(unshared == "refused: Operation not permitted", "\(unshared)")
        }

        @Test func aRunCannotReachThisMachinesLoopback() async throws {
            // This process listens on 127.0.0.1, as the class server does.
            let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            try #require(listener >= 0)
            defer { close(listener) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                    bind(listener, pointer, length) == 0 && listen(listener, 8) == 0
                        && getsockname(listener, pointer, &length) == 0
                }
            }
            try #require(bound)
            let port = String(UInt16(bigEndian: address.sin_port))
            let unconfined = try await JailProbe.line(["connect", port], nil)
            #expect(unconfined == "connected", "the port is open to this machine: \(unconfined)")
            for confinement in [jail.snippet, jail.answer] {
                let line = try await JailProbe.line(["connect", port], confinement)
                #expect(line.hasPrefix("unreachable: "), "\(line)")
            }
        }

        @Test func aSnippetServesAndConnectsOnItsOwnLoopback() async throws {
            let snippet = try await JailProbe.line(["loopback"], jail.snippet)
            #expect(snippet == "loopback: ping", "\(snippet)")
            // A graded answer has no network at all: its loopback is down.
            let answer = try await JailProbe.line(["loopback"], jail.answer)
            #expect(answer.hasPrefix("cannot ") && answer.hasSuffix("Network is unreachable"), "\(answer)")
        }

        @Test func aForkBombFailsItsRunAndNamesTheProcessLimit() async throws {
            let result = try await JailProbe.run(["forkbomb"], jail.snippet)
            let line = result.lines(of: .stdout).first?.text ?? ""
            #expect(line.hasPrefix("refused after "), "\(line) \(result.text(of: .stderr))")
            let started = Int(line.split(separator: " ").dropFirst(2).first?.dropLast() ?? "") ?? .max
            #expect(started < jail.processLimit, "\(line)")
            let limit = try #require(result.confinementLimit)
            #expect(limit.contains("process limit (\(jail.processLimit) processes and threads"), "\(limit)")
            #expect(JailProbe.processes(of: jail.userID).isEmpty, "nothing of the bomb is left")
            // This process goes on starting processes.
            let after = try await Subprocess(executable: "/bin/true").run()
            #expect(after.exitCode == 0)
            // A graded answer cannot start one at all.
            let answer = try await JailProbe.line(["forkbomb"], jail.answer)
            #expect(answer == "refused after 0: Operation not permitted", "\(answer)")
        }

        @Test func aMemoryBombFailsItsRunAndNamesTheMemoryLimit() async throws {
            var small = jail
            small.memoryLimit = 128 << 20
            for confinement in [small.snippet, small.answer] {
                let result = try await JailProbe.run(["memory", "1024"], confinement)
                #expect(result.signal == SIGKILL, "\(result.lines.map(\.text))")
                #expect(!result.lines.contains { $0.text.hasPrefix("touched") })
                let limit = try #require(result.confinementLimit)
                #expect(limit.contains("all the memory its learner may use (128 MiB"), "\(limit)")
            }
            // Within the limit it runs, and says nothing of limits.
            let within = try await JailProbe.run(["memory", "32"], small.snippet)
            #expect(within.lines(of: .stdout).first?.text == "touched 32 MiB")
            #expect(within.confinementLimit == nil)
        }

        @Test func everyRunsControlGroupIsGoneAfterwards() async throws {
            _ = try await JailProbe.run(["whoami"], jail.snippet)
            guard case .success(let layout) = ControlGroupLayout.current else {
                Issue.record("no control groups")
                return
            }
            for base in Set([layout.memory, layout.pids]) {
                let learner = "\(base)/\(jail.controlGroup.name)"
                let left = ((try? FileManager.default.contentsOfDirectory(atPath: learner)) ?? [])
                    .filter { $0.hasPrefix("run-\(getpid())-") }
                #expect(left.isEmpty, "\(learner): \(left)")
            }
        }

        @Test func lessonNineServesAndFetchesConfined() async throws {
            try await Self.passesConfined("\(Fixtures.root)/Lessons/09-servers.md", jail: jail)
        }

        /// Runs a workshop lesson with every snippet confined as a learner's, and records
        /// each snippet that does not pass.
        static func passesConfined(_ path: String, jail: LearnerJail) async throws {
            let lesson = try Fixtures.lesson(path)
            var options = RunOptions()
            options.confinement = jail.snippet
            let report = try await LessonRun(cache: Fixtures.cache).run(lesson, options: options)
            #expect(report.snippets.contains { $0.status == .pass && $0.mode == .run })
            // An exercise's starter is meant not to pass yet (`unsolved`).
            for snippet in report.snippets
            where ![.pass, .skipped, .unsolved].contains(snippet.status) {
                let failures = snippet.checks.filter { !$0.pass }.map { "\($0.kind): \($0.message)" }
                Issue.record(
                    "\(path):\(snippet.line) \(snippet.id) confined: \(snippet.error ?? failures.joined(separator: "; "))"
                )
            }
        }
    }

    /// Every lesson of the workshop, run with each snippet confined as a learner's. Apart
    /// (`swift test --filter EveryLessonConfinedTests`): it compiles and runs the workshop.
    @Suite(
        .enabled(if: geteuid() == 0, "a learner's jail needs root"),
        .enabled(
            if: ProcessInfo.processInfo.environment["LESSON_CONFINED_LESSONS"] == "1",
            "runs the whole workshop; set LESSON_CONFINED_LESSONS=1"))
    struct EveryLessonConfinedTests {
        @Test(arguments: WorkshopLessonsTests.lessons)
        func lessonPassesConfined(_ path: String) async throws {
            try await LearnerJailTests.passesConfined(path, jail: LearnerJail(slot: 3, name: "lin"))
        }
    }
}
