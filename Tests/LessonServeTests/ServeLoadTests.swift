import Foundation
import LessonCore
import LessonServe
import LoopbackTestSupport
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension RealProcesses {
    /// Many runs and many idle connections at once, and Ctrl-C with runs going on.
    @Suite(.serialized) struct ServeLoadTests {
        /// This process's resident memory in KiB.
        static func residentKiB(_ pid: pid_t = getpid()) -> Int {
            let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
            let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
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
            var pids: [pid_t] = []
            var failures: [String] = []
            for connection in connections {
                #expect(await connection.readHead().status == 200)
                while let event = await connection.readEvent() {
                    if event["type"] as? String == "queued", let position = event["position"] as? Int {
                        positions.append(position)
                    }
                    if event["type"] as? String == "line", let text = event["text"] as? String,
                        let pid = pid_t(text.split(separator: " ").last ?? "")
                    {
                        pids.append(pid)
                    }
                    if event["type"] as? String == "done" {
                        if event["status"] as? String == "pass" {
                            passed += 1
                        } else {
                            failures.append("\(event.fields)")
                        }
                    }
                }
            }
            sampler.cancel()
            #expect(passed == 20, "\(failures.first ?? "no run ended")")
            #expect(pids.count == 20, "\(pids)")
            #expect(most.running <= 2, "\(most.running) ran at once on a queue two wide")
            #expect(positions.max() ?? 0 >= 10)
            // Only the runs' own processes: the test process has other suites' children too.
            #expect(
                await eventually { !pids.contains(where: processExists) }, "left behind: \(pids.filter(processExists))")
            #expect(fixture.app.activeTasks == 0)
        }

        @Test func twentyRunsAtOnceKeepTheRealServersMemoryBoundedAndLeaveNoProcess() async throws {
            let fixture = try await ServeFixture.start(count: 20)
            fixture.app.stop()  // only the workshop is used; the real binary serves it
            defer { fixture.stop() }
            let server = try await RealServer.launch(in: fixture.root)
            defer { server.kill() }
            let port = try #require(server.port(host: "127.0.0.1"), "\(server.printed)")
            let client = TestClient(port: port)
            #expect(try await client.send("GET", "/01-fixture.html").status == 200)
            let before = Self.residentKiB(server.pid)
            var connections: [TestConnection] = []
            for index in 0..<20 {
                connections.append(
                    try await client.open(
                        "POST", "/api/lessons/01-fixture/snippets/n\(index)/run", body: "{}", receiveTimeout: 120))
            }
            var passed = 0
            var most = 0
            var failures: [String] = []
            for connection in connections {
                #expect(await connection.readHead().status == 200)
                var ended = false
                while let event = await connection.readEvent() {
                    if event["type"] as? String == "queued", let position = event["position"] as? Int {
                        most = max(most, position)
                    }
                    if event["type"] as? String == "done" {
                        ended = true
                        if event["status"] as? String == "pass" {
                            passed += 1
                        } else {
                            failures.append("\(event.fields)")
                        }
                    }
                }
                if !ended { failures.append("a stream ended without done; the server is \(server.state)") }
            }
            let after = Self.residentKiB(server.pid)
            #expect(passed == 20, "\(failures.count) did not pass; the first: \(failures.first ?? "-")")
            let width = ProcessInfo.processInfo.activeProcessorCount
            #expect(most >= 20 - width - 2, "the longest wait was \(most) places with \(width) cores")
            #expect(before > 0 && after > 0, "the server is \(server.state)")
            #expect(after - before < 48 * 1024, "the server grew from \(before) KiB to \(after) KiB")
            #expect(
                await eventually { children(of: server.pid).isEmpty },
                "left behind: \(children(of: server.pid))")
            #expect(await server.interrupt() != nil)
        }

        @Test func aHundredIdleConnectionsDoNotStopTheServerFromAnswering() async throws {
            let fixture = try await ServeFixture.start()
            defer { fixture.stop() }
            var idle: [TestConnection] = []
            // Half send nothing, half the start of a request they never finish. (Pages poll
            // for changes, so no page holds a request open.)
            for index in 0..<100 {
                let silent = try TestConnection(port: fixture.port)
                if index % 2 == 0 { silent.send("GET / HTTP/1.1\r\nHost: 127.0.0.1:\(fixture.port)\r\n") }
                idle.append(silent)
            }
            // Every page is answered while all hundred are still open: the server neither
            // waited for them nor dropped them to make room.
            for _ in 0..<5 {
                let page = try await fixture.client().send("GET", "/01-fixture.html")
                #expect(page.status == 200)
            }
            let open = idle.filter { connection in
                var byte: UInt8 = 0
                return recv(connection.fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) != 0
            }
            #expect(open.count == 100)
        }

        @Test func ctrlCStopsTheServerEveryRunAndEveryProcess() async throws {
            let fixture = try await ServeFixture.start()
            fixture.app.stop()  // only the workshop is used; the real binary serves it
            defer { fixture.stop() }
            let server = try await RealServer.launch(in: fixture.root)
            defer { server.kill() }
            let printed = server.printed
            let port = try #require(server.port(host: "127.0.0.1"), "\(printed)")
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
            let result = await server.interrupt()
            #expect(result?.exitCode == 130, "\(server.state)")
            #expect(
                await eventually { !pids.contains(where: processExists) },
                "still running: \(pids.filter(processExists))")
            #expect(throws: (any Error).self) { try TestConnection(port: port) }
        }

        @Test func theServerListensOnLoopbackOnlyUnlessToldAndThenWarns() async throws {
            let fixture = try await ServeFixture.start()
            defer { fixture.stop() }
            #expect(Self.listeningAddresses(port: fixture.port) == ["0100007F"])

            let server = try await RealServer.launch(
                in: fixture.root, arguments: ["serve", "--port", "0", "--host", "127.0.0.2"])
            defer { server.kill() }
            let printed = server.printed
            let port = try #require(server.port(host: "127.0.0.2"), "\(printed)")
            #expect(Self.listeningAddresses(port: port) == ["0200007F"])
            let result = await server.interrupt()
            let warning = result?.text(of: .stderr) ?? ""
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
    }
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
