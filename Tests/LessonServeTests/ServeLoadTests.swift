import Foundation
import LessonServe
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Many runs and many idle connections at once, and Ctrl-C with runs going on.
@Suite(.serialized) struct ServeLoadTests {
    /// This process's resident memory in KiB.
    static func residentKiB(_ pid: pid_t = getpid()) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    /// The live children of a process (any thread's); this one by default.
    static func children(of pid: String = "self") -> [pid_t] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.flatMap { task -> [pid_t] in
            let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)) ?? ""
            return text.split(separator: " ").compactMap { pid_t($0) }
        }.filter(processExists)
    }

    @Test func twentyRunsAtOnceAllCompleteQueuedTwoAtATime() async throws {
        let fixture = try await ServeFixture.start(count: 20, width: 2)
        defer { fixture.stop() }
        let client = fixture.client()
        var connections: [TestConnection] = []
        for index in 0..<20 {
            connections.append(
                try await client.open(
                    "POST", "/api/lessons/01-fixture/snippets/n\(index)/run", body: "{}", receiveTimeout: 120))
        }
        let most = Peak()
        let sampler = Task {
            while !Task.isCancelled {
                let load = await fixture.app.queue.load
                most.see(running: load.running, waiting: load.waiting)
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        var passed = 0
        var positions: [Int] = []
        for connection in connections {
            #expect(await connection.readHead().status == 200)
            while let event = await connection.readEvent() {
                if event["type"] as? String == "queued", let position = event["position"] as? Int {
                    positions.append(position)
                }
                if event["type"] as? String == "done", event["status"] as? String == "pass" { passed += 1 }
            }
        }
        sampler.cancel()
        #expect(passed == 20)
        #expect(most.running <= 2, "\(most.running) ran at once on a queue two wide")
        #expect(most.waiting >= 10, "at most \(most.waiting) waited")
        #expect(positions.max() ?? 0 >= 10)
        for _ in 0..<20 where !Self.children().isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        #expect(Self.children().isEmpty, "left behind: \(Self.children())")
        #expect(fixture.app.activeTasks == 0)
    }

    @Test func twentyRunsAtOnceKeepTheRealServersMemoryBoundedAndLeaveNoProcess() async throws {
        let fixture = try await ServeFixture.start(count: 20)
        fixture.app.stop()  // only the workshop is used; the real binary serves it
        defer { fixture.stop() }
        let (process, port) = try await Self.launch(in: fixture.root)
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let client = TestClient(port: port)
        #expect(try await client.send("GET", "/01-fixture.html").status == 200)
        let before = Self.residentKiB(process.processIdentifier)
        var connections: [TestConnection] = []
        for index in 0..<20 {
            connections.append(
                try await client.open(
                    "POST", "/api/lessons/01-fixture/snippets/n\(index)/run", body: "{}", receiveTimeout: 120))
        }
        var passed = 0
        var most = 0
        for connection in connections {
            #expect(await connection.readHead().status == 200)
            while let event = await connection.readEvent() {
                if event["type"] as? String == "queued", let position = event["position"] as? Int {
                    most = max(most, position)
                }
                if event["type"] as? String == "done", event["status"] as? String == "pass" { passed += 1 }
            }
        }
        let after = Self.residentKiB(process.processIdentifier)
        #expect(passed == 20)
        let width = ProcessInfo.processInfo.activeProcessorCount
        #expect(most >= 20 - width - 2, "the longest wait was \(most) places with \(width) cores")
        #expect(after - before < 48 * 1024, "the server grew from \(before) KiB to \(after) KiB")
        let server = String(process.processIdentifier)
        for _ in 0..<20 where !Self.children(of: server).isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        #expect(Self.children(of: server).isEmpty, "left behind: \(Self.children(of: server))")
        for _ in 0..<20 where process.isRunning {
            kill(process.processIdentifier, SIGINT)
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(!process.isRunning)
    }

    /// Starts `lesson serve --port 0` in `root` with the fixture token; returns it and its port.
    static func launch(in root: String) async throws -> (Process, Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--port", "0"]
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        var environment = ProcessInfo.processInfo.environment
        environment["LESSON_SERVE_TOKEN"] = ServeFixture.token.text
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let printed = await firstLine(of: output)
        let port = try #require(
            printed.range(of: "127.0.0.1:").flatMap { Int(printed[$0.upperBound...].prefix { $0.isNumber }) },
            "\(printed)")
        return (process, port)
    }

    @Test func aHundredIdleConnectionsDoNotStopTheServerFromAnswering() async throws {
        let fixture = try await ServeFixture.start()
        defer { fixture.stop() }
        var idle: [TestConnection] = []
        for index in 0..<100 {
            if index % 2 == 0 {
                let silent = try TestConnection(port: fixture.port)
                if index % 4 == 0 { silent.send("GET / HTTP/1.1\r\nHost: 127.0.0.1:\(fixture.port)\r\n") }
                idle.append(silent)
            } else {
                let listener = try await fixture.client().open("GET", "/api/changes")
                #expect(await listener.readHead().status == 200)
                idle.append(listener)
            }
        }
        for _ in 0..<5 {
            let started = Date()
            let page = try await fixture.client().send("GET", "/01-fixture.html")
            let seconds = Date().timeIntervalSince(started)
            #expect(page.status == 200)
            #expect(seconds < 1, "a page took \(seconds)s with 100 idle connections")
        }
        #expect(idle.count == 100)
    }

    @Test func ctrlCStopsTheServerEveryRunAndEveryProcess() async throws {
        let fixture = try await ServeFixture.start()
        fixture.app.stop()  // only the workshop is used; the real binary serves it
        defer { fixture.stop() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve", "--port", "0"]
        process.currentDirectoryURL = URL(fileURLWithPath: fixture.root)
        var environment = ProcessInfo.processInfo.environment
        environment["LESSON_SERVE_TOKEN"] = ServeFixture.token.text
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let printed = await Self.firstLine(of: output)
        let port = try #require(
            printed.range(of: "127.0.0.1:").flatMap { Int(printed[$0.upperBound...].prefix { $0.isNumber }) },
            "\(printed)")
        #expect(printed.contains("http://127.0.0.1:\(port)/?token=\(ServeFixture.token.text)"))
        let client = TestClient(port: port)
        let run = try await client.open(
            "POST", "/api/lessons/01-fixture/snippets/family/run", body: "{}", receiveTimeout: 120)
        #expect(await run.readHead().status == 200)
        var pids: [pid_t] = []
        while pids.count < 2, let event = await run.readEvent() {
            guard event["type"] as? String == "line", let text = event["text"] as? String else { continue }
            if let pid = pid_t(text.split(separator: " ").last ?? "") { pids.append(pid) }
        }
        #expect(pids.count == 2 && pids.allSatisfy(processExists), "\(pids)")
        kill(process.processIdentifier, SIGINT)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning)
        #expect(process.terminationStatus == 130)
        for _ in 0..<20 where pids.contains(where: processExists) { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!pids.contains(where: processExists), "still running: \(pids.filter(processExists))")
        #expect(throws: (any Error).self) { try TestConnection(port: port) }
    }

    @Test func theServerListensOnLoopbackOnlyUnlessToldAndThenWarns() async throws {
        let fixture = try await ServeFixture.start()
        defer { fixture.stop() }
        #expect(Self.listeningAddresses(port: fixture.port) == ["0100007F"])

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve", "--port", "0", "--host", "127.0.0.2"]
        process.currentDirectoryURL = URL(fileURLWithPath: fixture.root)
        var environment = ProcessInfo.processInfo.environment
        environment["LESSON_SERVE_TOKEN"] = ServeFixture.token.text
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let printed = await Self.firstLine(of: output)
        let port = try #require(
            printed.range(of: "127.0.0.2:").flatMap { Int(printed[$0.upperBound...].prefix { $0.isNumber }) })
        #expect(Self.listeningAddresses(port: port) == ["0200007F"])
        // A SIGINT in the first moments after start can be lost while the handler is armed;
        // send it until the server is gone.
        for _ in 0..<20 where process.isRunning {
            kill(process.processIdentifier, SIGINT)
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(!process.isRunning)
        let warning = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(warning.contains("warning: listening on 127.0.0.2"), "\(warning)")
        #expect(printed.contains("http://127.0.0.2:"), "\(printed)")
    }

    /// The local addresses (hex, as in /proc/net/tcp) of sockets listening on `port`.
    static func listeningAddresses(port: Int) -> [String] {
        let table = (try? String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)) ?? ""
        let hexPort = String(format: "%04X", port)
        return table.split(separator: "\n").dropFirst().compactMap { row in
            let fields = row.split(separator: " ")
            guard fields.count > 3, fields[3] == "0A" else { return nil }
            let local = fields[1].split(separator: ":")
            return local.count == 2 && local[1] == hexPort ? String(local[0]) : nil
        }
    }

    /// What a child printed up to its first newline, read off the cooperative pool.
    static func firstLine(of pipe: Pipe) async -> String {
        let handle = pipe.fileHandleForReading
        return await offThePool {
            var printed = ""
            while !printed.contains("\n") {
                let data = handle.availableData
                if data.isEmpty { break }
                printed += String(decoding: data, as: UTF8.self)
            }
            return printed
        }
    }

    /// The `lesson` binary built beside the test bundle.
    static let binary: String = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4
        where !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("lesson").path) {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("lesson").path
    }()
}

/// The largest load seen.
final class Peak: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var seen = (running: 0, waiting: 0)
    func see(running: Int, waiting: Int) {
        lock.withLock { seen = (max(seen.running, running), max(seen.waiting, waiting)) }
    }
    var running: Int { lock.withLock { seen.running } }
    var waiting: Int { lock.withLock { seen.waiting } }
}
