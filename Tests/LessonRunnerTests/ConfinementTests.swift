import Foundation
import LessonCore
import LessonRunner
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The probe program (`Fixtures/Probe/main.swift`), compiled once into a directory only its
/// owner may enter, so a confined child shows it can run a program it could not reach by path.
enum Probe {
    /// Path of the compiled probe.
    static let path = compile("Probe/main.swift", as: "probe")

    /// Compiles the fixture program `source` (relative to `Fixtures/`) into a fresh directory
    /// only its owner may enter, as `name`; returns its path.
    static func compile(_ source: String, as name: String) -> String {
        let directory = try! makeDirectory(mode: 0o700)
        let output = "\(directory)/\(name)"
        let swiftc = try! Toolchain.locate().swiftc
        let status = try! Subprocess(
            executable: swiftc, arguments: ["-swift-version", "6", "-o", output, "\(Fixtures.directory)/\(source)"]
        ).runBlocking()
        precondition(status.exitCode == 0, status.text(of: .stderr))
        return output
    }

    /// A copy of the probe in a directory anyone may enter, for a confined shell to run by path.
    static let reachableCopy: String = {
        let directory = try! makeDirectory(mode: 0o755)
        let copy = "\(directory)/probe"
        try! FileManager.default.copyItem(atPath: path, toPath: copy)
        return copy
    }()

    /// A fresh directory with `mode`, beside this test process's other scratch files.
    static func makeDirectory(mode: mode_t) throws -> String {
        let scratch = NSTemporaryDirectory() + "lesson-tests-\(getpid())"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        var template = Array((scratch + "/probe-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!).map { String(cString: $0) } }
        let path = try #require(made)
        chmod(path, mode)
        return path
    }

    /// Runs the probe with `arguments`, confined or not; returns the result.
    static func run(_ arguments: [String], confined: Bool = true) async throws -> RunResult {
        var process = Subprocess.compiledSwift(path, arguments: arguments)
        process.timeout = 20
        if confined { process.confinement = Confinement() }
        return try await process.run()
    }

    /// The first line the probe printed.
    static func line(_ arguments: [String], confined: Bool = true) async throws -> String {
        let result = try await run(arguments, confined: confined)
        return result.lines(of: .stdout).first?.text ?? "nothing: \(result.text(of: .stderr))"
    }
}

extension RealProcesses {
    /// Children run with `Subprocess.confinement` and with inherited descriptors.
    @Suite struct ConfinementTests {
        @Test func aConfinedChildRunsInAnEmptyDirectoryOfItsOwn() async throws {
            let line = try await Probe.line(["whoami"])
            let fields = line.split(separator: " ").map(String.init)
            try #require(fields.count == 14, "\(line)")
            let cwd = fields[13]
            #expect(fields[11] == "own", "a session of its own, without a terminal: \(line)")
            #expect(fields[7] == "0", "the directory is empty: \(line)")
            #expect(cwd != FileManager.default.currentDirectoryPath)
            #expect(cwd.hasPrefix(FileManager.default.temporaryDirectory.path))
            #expect(!FileManager.default.fileExists(atPath: cwd), "removed once the child ended")
            if geteuid() == 0 {
                // Root runs it as nobody, with no supplementary groups, in a directory it owns,
                // and the probe itself sits in a directory nobody cannot enter.
                #expect(fields[1] == "65534" && fields[3] == "65534" && fields[5] == "0", "\(line)")
                #expect(fields[9] == "65534", "\(line)")
            } else {
                #expect(fields[1] == "\(getuid())", "\(line)")
            }

            // Unconfined, the same probe sees this process's directory and user.
            let plain = try await Probe.line(["whoami"], confined: false)
            #expect(plain.hasSuffix("cwd \(FileManager.default.currentDirectoryPath)"), "\(plain)")
            #expect(plain.hasPrefix("uid \(getuid()) "), "\(plain)")
            #expect(plain.contains(" session inherited "), "\(plain)")
            // And this process can no longer be read by a process of its own user.
            #expect(!Confinement.thisProcessIsDumpable)
        }

        @Test func aConfinedChildCannotTraceOrReadItsParent() async throws {
            let marker = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
            defer { marker.deallocate() }
            marker.pointee = 42
            let address = "\(UInt(bitPattern: marker))"
            let me = "\(getpid())"

            #expect(try await Probe.line(["ptrace", me]) == "ptrace EPERM")
            #expect(try await Probe.line(["vmread", me, address]) == "vmread EPERM 0")
            #expect(try await Probe.line(["prlimit", me]) == "prlimit EPERM")
            #expect(try await Probe.line(["prlimit", "0"]) == "prlimit ok")
            // The same read works unconfined, so the EPERM above is the confinement's.
            if geteuid() == 0 {
                #expect(try await Probe.line(["vmread", me, address], confined: false) == "vmread ok 42")
                #expect(try await Probe.line(["prlimit", me], confined: false) == "prlimit ok")
            }
        }

        @Test func theFilterAloneStopsTracingEvenOfItsOwnChild() async throws {
            // The probe (exec'd by the shell, so the same pid) attaches to its own child,
            // which the same user may trace: only the seccomp filter can refuse it.
            func attach(confined: Bool) async throws -> String {
                var process = Subprocess(
                    executable: "/bin/sh", arguments: ["-c", "sleep 5 & exec \"$0\" ptrace $!", Probe.reachableCopy])
                process.standardOutput = .pipe
                process.timeout = 20
                if confined { process.confinement = .startingProcesses }
                let result = try await process.run()
                return result.lines(of: .stdout).first?.text ?? result.text(of: .stderr)
            }
            #expect(try await attach(confined: true) == "ptrace EPERM")
            #expect(try await attach(confined: false) == "ptrace ok")
        }

        @Test func aConfinedChildCanSignalItselfButNotItsParent() async throws {
            let me = "\(getpid())"
            #expect(try await Probe.line(["kill", me]) == "kill EPERM")
            #expect(try await Probe.line(["kill-self"]) == "kill-self ok")
            // Unconfined, the same signal (SIGURG, ignored by default) reaches this process.
            #expect(try await Probe.line(["kill", me], confined: false) == "kill ok")

            var shell = Subprocess(executable: "/bin/sh", arguments: ["-c", "kill -0 $PPID || echo refused"])
            shell.standardOutput = .pipe
            shell.confinement = Confinement()
            let refused = try await shell.run()
            #expect(refused.lines(of: .stdout).map(\.text) == ["refused"])
            #expect(refused.text(of: .stderr).contains("Operation not permitted"))

            // A process the confined child starts is confined the same way.
            var nested = Subprocess(
                executable: "/bin/sh", arguments: ["-c", "/bin/sh -c 'kill -URG $0' $0 || echo refused too", me])
            nested.standardOutput = .pipe
            nested.confinement = .startingProcesses
            #expect(try await nested.run().lines(of: .stdout).map(\.text) == ["refused too"])
        }

        @Test func aConfinedChildStartsThreadsButNoProcesses() async throws {
            #expect(try await Probe.line(["thread"]) == "thread ok")
            #expect(try await Probe.line(["fork"]) == "fork EPERM")
            #expect(try await Probe.line(["spawn"]) == "spawn EPERM")
            // Unconfined, or confined with `startsProcesses`, the same calls work.
            #expect(try await Probe.line(["fork"], confined: false) == "fork ok")
            #expect(try await Probe.line(["spawn"], confined: false) == "spawn ok")
            var starting = Subprocess.compiledSwift(Probe.path, arguments: ["spawn"])
            starting.confinement = .startingProcesses
            #expect(try await starting.run().lines(of: .stdout).first?.text == "spawn ok")
        }

        @Test func aConfinedChildRunsOutOfMemoryAndFileSizeAtItsLimits() async throws {
            let limits = Confinement()
            let expected =
                "limits as \(limits.memoryLimit ?? 0) fsize \(limits.fileSizeLimit ?? 0) core 0"
            #expect(try await Probe.line(["limits"]) == expected)
            #expect(try await Probe.line(["allocate"]) == "allocate failed")
            let arenas = try await Probe.line(["env", "MALLOC_ARENA_MAX"])
            #expect(arenas == "env MALLOC_ARENA_MAX \(Confinement.mallocArenas)")
            let big = try await Probe.run(["bigfile"])
            #expect(big.signal == SIGXFSZ, "\(big.lines.map(\.text))")
            // Unconfined, in a scratch directory, the same file is written whole.
            let scratch = try Probe.makeDirectory(mode: 0o700)
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            var plain = Subprocess.compiledSwift(Probe.path, arguments: ["bigfile"])
            plain.workingDirectory = scratch
            #expect(try await plain.run().lines(of: .stdout).first?.text == "bigfile \(65 << 20)")
        }

        @Test func aConfinedChildCannotTypeIntoATerminal() async throws {
            #expect(try await Probe.line(["tiocsti"]) == "tiocsti EPERM")
            if geteuid() == 0 {
                // Root may type into the terminal it writes to, so the refusal above is the
                // confinement's.
                #expect(try await Probe.line(["tiocsti"], confined: false) == "tiocsti ok")
            }
        }

        @Test func aCrashInsideTheConfinementIsReportedWithItsSignal() async throws {
            let aborted = try await Probe.run(["abort"])
            #expect(aborted.signal == SIGABRT)
            #expect(aborted.lines(of: .stdout).map(\.text) == ["aborting"])

            let trapped = try await Probe.run(["trap"])
            #expect(trapped.signal == SIGILL || trapped.signal == SIGTRAP)
            #expect(trapped.text(of: .stderr).contains("on purpose"))

            var shell = Subprocess(executable: "/bin/sh", arguments: ["-c", "kill -TERM $$; echo survived"])
            shell.confinement = Confinement()
            let terminated = try await shell.run()
            #expect(terminated.signal == SIGTERM)
            #expect(terminated.lines.isEmpty)
        }

        @Test(arguments: [false, true])
        func inheritedDescriptorsArriveAtTheirNumbers(confined: Bool) async throws {
            let toChild = try PipePair()
            let fromChild = try PipePair()
            defer {
                toChild.close()
                fromChild.close()
            }
            var process = Subprocess(
                executable: "/bin/sh", arguments: ["-c", "read line; echo \"got $line\" >&7; echo done"])
            process.inheritedDescriptors = [0: toChild.read, 7: fromChild.write]
            process.standardOutput = .pipe
            if confined { process.confinement = Confinement() }
            #expect(write(toChild.write, "hello\n", 6) == 6)
            let result = try await process.run()
            #expect(result.exitCode == 0)
            #expect(result.lines(of: .stdout).map(\.text) == ["done"])

            fromChild.closeWrite()
            var buffer = [UInt8](repeating: 0, count: 64)
            let count = read(fromChild.read, &buffer, buffer.count)
            #expect(String(decoding: buffer.prefix(max(0, count)), as: UTF8.self) == "got hello\n")
            // This process still owns its own ends.
            #expect(fcntl(toChild.read, F_GETFD) != -1)
        }

        @Test func twoChildrenTalkOverPipesTheParentWired() async throws {
            // A judge and an answer, as a grader wires them: each end belongs to one child,
            // and this process closes its copy as soon as that child has started.
            let requests = try PipePair()
            let replies = try PipePair()
            var judge = Subprocess(
                executable: "/bin/sh",
                arguments: [
                    "-c",
                    "echo ping >&5; exec 5>&-; read reply <&6 && echo \"judge heard $reply\"; read more <&6 || echo 'answer gone'",
                ])
            judge.inheritedDescriptors = [5: requests.write, 6: replies.read]
            judge.onStart = { _ in
                requests.closeWrite()
                replies.closeRead()
            }
            judge.standardOutput = .pipe
            judge.timeout = 10
            var answer = Subprocess(executable: "/bin/sh", arguments: ["-c", "read word; echo \"pong $word\" >&7"])
            answer.inheritedDescriptors = [0: requests.read, 7: replies.write]
            answer.onStart = { _ in
                requests.closeRead()
                replies.closeWrite()
            }
            answer.confinement = Confinement()
            async let judged = judge.run()
            async let answered = answer.run()
            let (verdict, reply) = try await (judged, answered)
            #expect(reply.exitCode == 0)
            // The judge sees the answer's end of the pipe close when the answer is done.
            #expect(verdict.lines(of: .stdout).map(\.text) == ["judge heard pong ping", "answer gone"])
            #expect(verdict.timedOut == false)
        }

        @Test func aDescriptorTheRunnerUsesCannotBeInherited() async throws {
            let channel = try PipePair()
            defer { channel.close() }
            var process = Subprocess(executable: "/bin/sh", arguments: ["-c", "true"])
            process.inheritedDescriptors = [1: channel.write]
            await #expect(throws: SubprocessError.self) { try await process.run() }
            process.inheritedDescriptors = [3: channel.write]
            process.reportChannel = true
            await #expect(throws: SubprocessError.self) { try await process.run() }
        }

        @Test(.timeLimit(.minutes(1)))  // only a hang comes near it
        func aConfinedProgramThatCannotStartIsAnErrorNotAHang() async throws {
            var missing = Subprocess(executable: "/nonexistent/program")
            missing.confinement = Confinement()
            await #expect(throws: SubprocessError.self) { try await missing.run() }

            // A file that is not executable: opened fine, refused by exec in the child.
            let directory = try Probe.makeDirectory(mode: 0o755)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let plain = "\(directory)/not-a-program"
            #expect(FileManager.default.createFile(atPath: plain, contents: Data("hello\n".utf8)))
            var refused = Subprocess(executable: plain)
            refused.confinement = Confinement()
            do {
                _ = try await refused.run()
                Issue.record("a file without execute permission started")
            } catch let error as SubprocessError {
                #expect(error.description.contains("cannot execute the program"), "\(error)")
            }
        }
    }
}

extension RealProcesses.ConfinementTests {
    @Test func whatAConfinedChildLeavesBehindIsEnded() async throws {
        // A process in a session of its own survives the group's SIGKILL; as an orphan it
        // becomes this process's child and is ended with the run.
        var process = Subprocess(executable: "/bin/sh", arguments: ["-c", "setsid sleep 100 & echo $!"])
        process.confinement = .startingProcesses
        let result = try await process.run()
        let pid = try #require(result.lines(of: .stdout).first.flatMap { pid_t($0.text) })
        #expect(kill(pid, 0) != 0)
    }
}

extension RealProcesses.ConfinementTests {
    @Test func theDirectoryGoesEvenWhenTheChildLockedIt() async throws {
        var process = Subprocess(
            executable: "/bin/sh", arguments: ["-c", "mkdir -p a/b && echo x > a/b/f && chmod 000 a/b a && pwd"])
        process.confinement = .startingProcesses
        let result = try await process.run()
        #expect(result.exitCode == 0)
        let directory = try #require(result.lines(of: .stdout).first?.text)
        #expect(directory.contains("lesson-confined-"))
        #expect(!FileManager.default.fileExists(atPath: directory))
    }
}

extension RealProcesses.ConfinementTests {
    /// Descriptors open in this process of the kinds starting a child makes (pipes, pseudo
    /// terminals, pidfds and other anonymous inodes). Files other suites read meanwhile (the
    /// test process runs suites side by side) are not counted: they are no child's.
    private static func openDescriptors() throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").filter { name in
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(name)")
            else { return false }
            return target.hasPrefix("pipe:") || target.hasPrefix("anon_inode:") || target.hasPrefix("/dev/pts/")
                || target == "/dev/ptmx"
        }.count
    }

    @Test func startingChildrenLeavesNoDescriptorOpen() async throws {
        _ = try await Probe.run(["whoami"])
        let before = try Self.openDescriptors()
        for round in 0..<20 {
            let channel = try PipePair()
            var process = Subprocess(executable: "/bin/sh", arguments: ["-c", "echo hi >&6"])
            process.inheritedDescriptors = [6: channel.write]
            process.reportChannel = round % 2 == 0
            process.secretInput = round % 3 == 0 ? Array("secret".utf8) : nil
            process.standardOutput = round % 4 == 0 ? .pipe : .terminal
            if round % 2 == 1 { process.confinement = Confinement() }
            _ = try await process.run()
            channel.close()
            var missing = Subprocess(executable: "/nonexistent/program")
            missing.confinement = round % 2 == 0 ? Confinement() : nil
            _ = try? await missing.run()
        }
        #expect(try Self.openDescriptors() == before)
    }
}
