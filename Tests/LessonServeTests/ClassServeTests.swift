import Foundation
import LessonCore
import LessonRunner
import LessonServe
import LessonSupport
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `lesson serve --class`: each learner's token opens their own desk and nobody else's, the
/// instructor's view is the instructor's alone, a save survives `kill -9`, runs are confined
/// and take turns between learners, and an unedited snippet compiles once for the room.
extension RealProcesses {
    @Suite(.serialized) struct ClassServeTests {
        static let ann = ServeToken(text: String(repeating: "a1", count: 32))
        static let bob = ServeToken(text: String(repeating: "b2", count: 32))

        /// A fixture server hosting ann and bob, the instructor's token being the fixture's,
        /// with quiz 01 of this workshop copied in.
        static func room() async throws -> ServeFixture {
            let fixture = try await ServeFixture.start { configuration in
                configuration.classRoom = ClassRoom(
                    learners: [
                        ClassRoom.Learner(slot: 0, name: "ann", token: ann),
                        ClassRoom.Learner(slot: 1, name: "bob", token: bob),
                    ], instructorToken: ServeFixture.token)
            }
            let quizzes = "\(Fixtures.root)/Quizzes"
            let quiz = try #require(
                try FileManager.default.contentsOfDirectory(atPath: quizzes).sorted().first { $0.hasPrefix("01-") })
            try FileManager.default.copyItem(atPath: "\(quizzes)/\(quiz)", toPath: "\(fixture.root)/Quizzes/\(quiz)")
            return fixture
        }

        static func quizID(_ fixture: ServeFixture) throws -> String {
            try #require(try FileManager.default.contentsOfDirectory(atPath: "\(fixture.root)/Quizzes").first)
        }

        static func body(_ code: String) -> String {
            String(decoding: try! JSONEncoder().encode(["code": code]), as: UTF8.self)
        }

        static func json(_ response: TestClient.Response) -> [String: Any] {
            ((try? JSONSerialization.jsonObject(with: Data(response.body.utf8))) as? [String: Any]) ?? [:]
        }

        @Test func aLearnersTokenOpensTheirOwnDeskAndNoOneElses() async throws {
            let fixture = try await Self.room()
            defer { fixture.stop() }
            let client = fixture.client()
            let quiz = try Self.quizID(fixture)
            let asAnn: [String: String?] = ["Authorization": "token \(Self.ann.text)"]
            let asBob: [String: String?] = ["Authorization": "token \(Self.bob.text)"]
            let snippet = "/api/lessons/01-fixture/snippets/timed"
            let answer = "/api/quizzes/\(quiz)/answer"

            // Ann edits a snippet, answers the quiz and opens a hint.
            #expect(
                try await client.send("PUT", snippet, headers: asAnn, body: Self.body("print(\"ann's edit\")")).status
                    == 200)
            #expect(
                try await client.send("PUT", answer, headers: asAnn, body: Self.body("// ann's answer")).status == 200)
            let hint = try await client.send("GET", "/api/quizzes/\(quiz)/hints/1", headers: asAnn)
            #expect(hint.status == 200 || hint.status == 404)
            // Her hint progress is kept as `lesson quiz --hint` keeps it, in her own desk folder.
            let hintCount =
                Self.json(try await client.send("GET", "/api/quizzes/\(quiz)", headers: asAnn))["hints"] as? Int
            if hint.status == 200 {
                #expect(
                    try String(
                        contentsOfFile: "\(fixture.root)/.lesson/class/ann/answers/\(quiz)/hints-revealed",
                        encoding: .utf8) == "1\n")
                #expect(
                    !FileManager.default.fileExists(atPath: "\(fixture.root)/.lesson/answers/\(quiz)/hints-revealed"))
                #expect(
                    Self.json(try await client.send("GET", "/api/quizzes/\(quiz)", headers: asBob))["hintsSeen"] as? Int
                        == 0)
            } else {
                #expect(hintCount == 0)
            }

            // Bob sees the lesson's code and the starter, never ann's.
            let bobsSnippet = Self.json(try await client.send("GET", snippet, headers: asBob))
            #expect(bobsSnippet["edited"] as? Bool == false)
            #expect((bobsSnippet["code"] as? String)?.contains("ann's edit") == false)
            let bobsAnswer = try await client.send("GET", "/api/quizzes/\(quiz)", headers: asBob)
            #expect(bobsAnswer.status == 200)
            #expect(!bobsAnswer.body.contains("ann's answer"))

            // Every route bob can call acts on bob's desk: his writes and resets leave ann's alone.
            #expect(
                try await client.send("PUT", snippet, headers: asBob, body: Self.body("print(\"bob\")")).status == 200)
            #expect(try await client.send("DELETE", snippet, headers: asBob).status == 200)
            #expect(try await client.send("PUT", answer, headers: asBob, body: Self.body("// bob")).status == 200)
            #expect(try await client.send("DELETE", answer, headers: asBob).status == 200)
            let ran = try await client.open("POST", "\(snippet)/run", headers: asBob, body: "{}")
            let (status, events) = await ran.readTimedStream(since: Date())
            #expect(status == 200)
            let lines = events.compactMap { $0.event["text"] as? String }
            #expect(lines.contains("start") && !lines.contains("ann's edit"))
            // Saving to the lesson file is no learner's to do.
            #expect(
                try await client.send("POST", "\(snippet)/save", headers: asBob, body: Self.body("print(2)")).status
                    == 404)
            let annsSnippet = Self.json(try await client.send("GET", snippet, headers: asAnn))
            #expect(annsSnippet["code"] as? String == "print(\"ann's edit\")")
            #expect(
                Self.json(try await client.send("GET", "/api/quizzes/\(quiz)", headers: asAnn))["code"] as? String
                    == "// ann's answer")

            // Nothing of ann's is in the workshop's own state, and each desk has its folder.
            #expect(!FileManager.default.fileExists(atPath: "\(fixture.root)/.lesson/edits/01-fixture/timed.swift"))
            #expect(
                try String(
                    contentsOfFile: "\(fixture.root)/.lesson/class/ann/edits/01-fixture/timed.swift", encoding: .utf8)
                    == "print(\"ann's edit\")")

            // The room is the instructor's alone: a learner gets 404 on every part of it.
            for (method, path) in [
                ("GET", "/class"), ("GET", "/api/class"), ("GET", "/api/class/gradebook.csv"),
                ("GET", "/api/class/gradebook.json"), ("POST", "/api/class/learners/0/stop"),
            ] {
                let refused = try await client.send(method, path, headers: asBob, body: method == "POST" ? "{}" : "")
                #expect(refused.status == 404, "\(method) \(path)")
                #expect(!refused.body.contains("ann"), "\(method) \(path)")
            }
            let room = try await client.send("GET", "/api/class")
            #expect(room.status == 200)
            let learners = Self.json(room)["learners"] as? [[String: Any]] ?? []
            #expect(learners.map { $0["name"] as? String } == ["ann", "bob"])
            #expect((learners.first?["lastWhat"] as? String)?.contains(quiz) == true)
            let csv = try await client.send("GET", "/api/class/gradebook.csv")
            #expect(csv.status == 200 && csv.body.hasPrefix(GradebookCSV.columns.joined(separator: ",")))
            #expect(csv.body.contains("ann,\(quiz),missing") && csv.body.contains("bob,\(quiz),missing"))
            let page = try await client.send("GET", "/class")
            #expect(page.status == 200 && page.body.contains(ServeScript.classSource))

            // No credentials, a wrong one, or two people's at once: refused.
            #expect(try await client.send("GET", snippet, headers: ["Authorization": nil]).status == 403)
            #expect(
                try await client.send(
                    "GET", snippet, headers: ["Authorization": "token \(String(repeating: "0", count: 64))"]
                )
                .status == 403)
            #expect(
                try await client.send(
                    "GET", snippet,
                    headers: [
                        "Authorization": "token \(Self.ann.text)",
                        "Cookie": "lesson-serve-\(fixture.port)=\(String(repeating: "c", count: 64))",
                    ]
                ).status == 200)
        }

        @Test func theTokenExchangeGivesEachLearnerACookieForTheirOwnDesk() async throws {
            let fixture = try await Self.room()
            defer { fixture.stop() }
            let client = fixture.client()
            let snippet = "/api/lessons/01-fixture/snippets/timed"
            var cookies: [String: String] = [:]
            for (name, token) in [("ann", Self.ann), ("bob", Self.bob)] {
                let exchange = try await client.send("GET", "/?token=\(token.text)", headers: ["Authorization": nil])
                #expect(exchange.status == 200)
                let cookie = try #require(exchange.headers["set-cookie"]?.split(separator: ";").first.map(String.init))
                #expect(!cookie.contains(token.text))
                cookies[name] = cookie
            }
            #expect(cookies["ann"] != cookies["bob"])
            let annsCookie: [String: String?] = ["Authorization": nil, "Cookie": cookies["ann"]!]
            let bobsCookie: [String: String?] = ["Authorization": nil, "Cookie": cookies["bob"]!]
            #expect(
                try await client.send("PUT", snippet, headers: annsCookie, body: Self.body("print(1)")).status == 200)
            #expect(Self.json(try await client.send("GET", snippet, headers: bobsCookie))["edited"] as? Bool == false)
            #expect(Self.json(try await client.send("GET", snippet, headers: annsCookie))["edited"] as? Bool == true)
            // Both cookies at once act for nobody.
            let both = "\(cookies["ann"]!); \(cookies["bob"]!)"
            #expect(
                try await client.send("GET", snippet, headers: ["Authorization": nil, "Cookie": both]).status == 403)
            // A learner's cookie does not open the instructor's view.
            #expect(try await client.send("GET", "/api/class", headers: annsCookie).status == 404)
        }

        @Test func aLearnersRunIsConfinedAndTheInstructorCanStopIt() async throws {
            let fixture = try await Self.room()
            defer { fixture.stop() }
            let client = fixture.client()
            let asAnn: [String: String?] = ["Authorization": "token \(Self.ann.text)"]
            let code = "import Glibc\nprint(\"uid \\(getuid())\")\nsleep(60)\nprint(\"woke\")"
            let run = try await client.open(
                "POST", "/api/lessons/01-fixture/snippets/sleeper/run", headers: asAnn, body: Self.body(code))
            #expect(await run.readHead().status == 200)
            var uid: String? = nil
            while let event = await run.readEvent() {
                if let text = event["text"] as? String, text.hasPrefix("uid ") {
                    uid = String(text.dropFirst(4))
                    break
                }
            }
            // Not this process's user: the learner's jail chose another.
            #expect(uid != nil && uid != String(getuid()))
            let stopped = try await client.send("POST", "/api/class/learners/0/stop", body: "{}")
            #expect(stopped.status == 200 && stopped.body.contains("\"stopped\":1"))
            var last: Event? = nil
            while let event = await run.readEvent() { last = event }
            #expect(last?["type"] as? String == "done" && last?["error"] as? String == "stopped")
        }

        @Test func aLearnersRunCannotReadAnotherLearnersDesk() async throws {
            let fixture = try await Self.room()
            defer { fixture.stop() }
            let client = fixture.client()
            let secret = "\(fixture.root)/.lesson/class/ann/edits/01-fixture/timed.swift"
            #expect(
                try await client.send(
                    "PUT", "/api/lessons/01-fixture/snippets/timed",
                    headers: ["Authorization": "token \(Self.ann.text)"],
                    body: Self.body("print(\"ann's secret\")")
                ).status == 200)
            #expect(FileManager.default.fileExists(atPath: secret))
            let code = """
                import Glibc
                let file = fopen("\(secret)", "r")
                print(file == nil ? "refused" : "read it")
                """
            let run = try await client.open(
                "POST", "/api/lessons/01-fixture/snippets/sleeper/run",
                headers: ["Authorization": "token \(Self.bob.text)"],
                body: Self.body(code))
            let (_, events) = await run.readTimedStream(since: Date())
            let lines = events.compactMap { $0.event["text"] as? String }
            #expect(lines == ["refused"], "\(events.map(\.event.fields))")
        }

        @Test func aGradeGoesIntoTheLearnersRowOfTheRoomsGradebook() async throws {
            let fixture = try await Self.room()
            defer { fixture.stop() }
            let quiz = try Self.quizID(fixture)
            let solution = try String(contentsOfFile: "\(fixture.root)/Quizzes/\(quiz)/Solution.swift", encoding: .utf8)
            let client = fixture.client()
            let asAnn: [String: String?] = ["Authorization": "token \(Self.ann.text)"]
            #expect(
                try await client.send("PUT", "/api/quizzes/\(quiz)/answer", headers: asAnn, body: Self.body(solution))
                    .status == 200)
            let grading = try await client.open(
                "POST", "/api/quizzes/\(quiz)/grade", headers: asAnn, body: "{}", receiveTimeout: 600)
            let (status, events) = await grading.readTimedStream(since: Date())
            #expect(status == 200)
            #expect(events.last?.event["status"] as? String == "pass", "\(events.map(\.event.fields))")
            // The instructor's export has ann's row as graded, and bob's as missing; nothing of
            // it went into the workshop's own grades.
            let book = Self.json(try await client.send("GET", "/api/class/gradebook.json"))
            let rows = book["rows"] as? [[String: Any]] ?? []
            #expect(rows.map { "\($0["learner"] ?? "") \($0["status"] ?? "")" } == ["ann pass", "bob missing"])
            #expect(!FileManager.default.fileExists(atPath: "\(fixture.root)/.lesson/grades"))
            let rates = book["checkRates"] as? [[String: Any]] ?? []
            #expect(!rates.isEmpty && rates.allSatisfy { $0["passRate"] as? Double == 1 })
        }

        @Test func anUneditedSnippetCompilesOnceForTheWholeRoom() async throws {
            let fixture = try await Self.room()
            defer { fixture.stop() }
            let marker = UUID().uuidString
            try (ServeFixture.lesson() + "\n```swift id=fresh\nprint(\"\(marker)\")\n```\n").write(
                toFile: fixture.lessonPath, atomically: true, encoding: .utf8)
            let client = fixture.client()
            var cached: [Bool] = []
            for token in [Self.ann, Self.bob] {
                let run = try await client.open(
                    "POST", "/api/lessons/01-fixture/snippets/fresh/run",
                    headers: ["Authorization": "token \(token.text)"],
                    body: "{}")
                let (_, events) = await run.readTimedStream(since: Date())
                cached += events.compactMap {
                    $0.event["type"] as? String == "compiled" ? $0.event["cached"] as? Bool : nil
                }
                #expect(events.contains { $0.event["text"] as? String == marker })
            }
            #expect(cached == [false, true])
        }

        @Test func theQueueTakesTurnsBetweenLearners() async throws {
            let queue = RunQueue(width: 1)
            try await queue.reserve("busy")
            try await queue.wait("busy", owner: "x") { _ in }
            var waits: [Task<Void, any Error>] = []
            // Ann queues five runs, then bob one, then ann's sixth and carl's one.
            for (key, owner) in [
                ("a1", "ann"), ("a2", "ann"), ("a3", "ann"), ("a4", "ann"), ("a5", "ann"), ("b1", "bob"), ("a6", "ann"),
                ("c1", "carl"),
            ] {
                try await queue.reserve(key)
                waits.append(Task { try await queue.wait(key, owner: owner) { _ in } })
                while await !queue.order.contains(key) { await Task.yield() }
            }
            #expect(await queue.order == ["a1", "b1", "c1", "a2", "a3", "a4", "a5", "a6"])
            // Admitted one at a time, in that order.
            var admitted: [String] = []
            await queue.release("busy")
            for _ in 0..<8 {
                let running = Set(["a1", "a2", "a3", "a4", "a5", "a6", "b1", "c1"]).subtracting(admitted)
                    .subtracting(await queue.order)
                #expect(running.count == 1)
                guard let key = running.first else { break }
                admitted.append(key)
                await queue.release(key)
            }
            #expect(admitted == ["a1", "b1", "c1", "a2", "a3", "a4", "a5", "a6"])
            for wait in waits { try await wait.value }
        }

        @Test func aSaveIsKeptWhenTheServerIsKilledRightAfterIt() async throws {
            let fixture = try await ServeFixture.start()
            let root = fixture.root
            fixture.app.stop()
            defer { try? FileManager.default.removeItem(atPath: root) }
            try "ann\nbob\n".write(toFile: "\(root)/roster", atomically: true, encoding: .utf8)
            var edits: [String] = []
            var tokens: [String] = []
            for round in 0..<2 {
                let server = try await RealServer.launch(
                    in: root, arguments: ["serve", "--class", "\(root)/roster", "--port", "0"])
                defer { server.kill() }
                let port = try #require(server.port(host: "127.0.0.1"), "\(server.printed) \(server.state)")
                #expect(server.printed.hasPrefix("instructor http://127.0.0.1:\(port)/class?token="))
                let urls = try String(contentsOfFile: "\(root)/.lesson/class/urls.txt", encoding: .utf8)
                var info = stat()
                #expect(stat("\(root)/.lesson/class/urls.txt", &info) == 0 && info.st_mode & 0o777 == 0o600)
                let annLine = try #require(urls.split(separator: "\n").first { $0.hasPrefix("ann ") })
                let token = String(annLine.split(separator: "=").last!)
                tokens.append(token)
                let client = TestClient(port: port)
                let asAnn: [String: String?] = [
                    "Authorization": "token \(token)", "Host": "127.0.0.1:\(port)",
                    "Origin": "http://127.0.0.1:\(port)",
                ]
                let snippet = "/api/lessons/01-fixture/snippets/timed"
                if round == 1 {
                    // The restarted server kept ann's URL (its token), and the save acknowledged
                    // before the kill is there.
                    #expect(tokens[0] == tokens[1])
                    #expect(
                        Self.json(try await client.send("GET", snippet, headers: asAnn))["code"] as? String
                            == edits.last)
                    break
                }
                for number in 0..<20 {
                    let code = "print(\"save \(number)\")"
                    let saved = try await client.send("PUT", snippet, headers: asAnn, body: Self.body(code))
                    #expect(saved.status == 200)
                    edits.append(code)
                }
                // Killed with no chance to flush anything, right after the last answer.
                Glibc.kill(server.pid, SIGKILL)
                _ = await server.interrupt()
            }
        }
    }
}

/// The class rules as pure values: the roster, whom a request acts for, `--public-url`.
@Suite struct ClassRuleTests {
    func request(_ fields: [(String, String)]) -> HTTPRequest {
        request("GET", "/api/changes", fields)
    }

    func request(
        _ method: String, _ path: String, peer: String = "192.0.2.7:5000", _ fields: [(String, String)]
    ) -> HTTPRequest {
        var request = HTTPRequest(method: method, path: path, headers: fields.map { HTTPHeader($0.0, $0.1) })
        request.remoteAddress = peer
        return request
    }

    let rules: RequestGuard = {
        var rules = RequestGuard(token: ServeFixture.token, port: 4000)
        rules.holder = .instructor
        rules.seats = [
            RequestGuard.Seat(holder: .learner(0), token: RealProcesses.ClassServeTests.ann),
            RequestGuard.Seat(holder: .learner(1), token: RealProcesses.ClassServeTests.bob),
        ]
        rules.publicOrigin = "https://class.example"
        return rules
    }()

    @Test func eachTokenNamesItsOwnHolder() {
        let host = ("Host", "127.0.0.1:4000")
        #expect(
            rules.holder(of: request([host, ("Authorization", "token \(RealProcesses.ClassServeTests.ann.text)")]))
                == .learner(0))
        #expect(
            rules.holder(of: request([host, ("Authorization", "token \(RealProcesses.ClassServeTests.bob.text)")]))
                == .learner(1))
        #expect(
            rules.holder(of: request([host, ("Authorization", "token \(ServeFixture.token.text)")])) == .instructor)
        #expect(
            rules.holder(
                of: request([
                    host, ("Authorization", "token \(RealProcesses.ClassServeTests.ann.text)"),
                    ("Authorization", "token \(RealProcesses.ClassServeTests.bob.text)"),
                ])) == nil)
        #expect(rules.holder(of: request([host])) == nil)
        // Each exchange sets the cookie of that person's own session.
        guard
            case .exchange(_, let cookie) = rules.check(
                exchange(query: "token=\(RealProcesses.ClassServeTests.bob.text)", [host]))
        else {
            Issue.record("no exchange")
            return
        }
        #expect(cookie.contains(rules.seats[1].session.text))
    }

    func exchange(query: String, _ fields: [(String, String)]) -> HTTPRequest {
        var request = request("GET", "/", fields)
        request.query = query
        return request
    }

    @Test func thePublicNameIsAcceptedAndForgedHostsAndOriginsAreNot() {
        let auth = ("Authorization", "token \(RealProcesses.ClassServeTests.ann.text)")
        let json = ("Content-Type", "application/json")
        // The public name, with its own origin, as the proxy passes it on.
        let proxied = [("Host", "class.example"), ("Origin", "https://class.example"), json, auth]
        #expect(rules.check(request("PUT", "/api/x", peer: "127.0.0.1:6000", proxied)).status == nil)
        #expect(rules.check(request("PUT", "/api/x", proxied)).status == nil)
        // A forged Host, a forged Origin, the public name over plain http.
        #expect(rules.check(request("GET", "/", [("Host", "evil.example"), auth])).status == 403)
        #expect(rules.check(request("GET", "/", [("Host", "class.example:4000"), auth])).status == 403)
        #expect(
            rules.check(
                request("PUT", "/api/x", [("Host", "class.example"), ("Origin", "https://evil.example"), json, auth])
            )
            .status == 403)
        #expect(
            rules.check(
                request("PUT", "/api/x", [("Host", "class.example"), ("Origin", "http://class.example"), json, auth])
            )
            .status == 403)
        // X-Forwarded-Host is believed from loopback only: from elsewhere it changes nothing.
        let forged = [("Host", "evil.example"), ("X-Forwarded-Host", "class.example"), auth]
        #expect(rules.check(request("GET", "/", peer: "192.0.2.7:5000", forged)).status == 403)
        #expect(rules.check(request("GET", "/", peer: "127.0.0.1:5000", forged)).status == nil)
        let sneaky = [("Host", "class.example"), ("X-Forwarded-Host", "evil.example"), auth]
        #expect(rules.check(request("GET", "/", peer: "127.0.0.1:5000", sneaky)).status == 403)
        #expect(rules.check(request("GET", "/", peer: "192.0.2.7:5000", sneaky)).status == nil)
    }

    @Test func aRosterWithProblemsNamesEachByLineAndColumn() {
        let (names, problems) = ClassRoom.parse(Array("# the room\nann\n\nbob\r\nann\n-carl\ninstructor\n dee\n".utf8))
        #expect(names == ["ann", "bob"])
        #expect(problems.map { "\($0.line):\($0.column)" } == ["5:1", "6:1", "7:1", "8:1"])
        #expect(problems[0].message.contains("twice (first on line 2)"))
        let invalid = ClassRoom.parse([0x61, 0x62, 0xFF, 0x0A])
        #expect(invalid.problems.map(\.description) == ["1:3: error: the name is not UTF-8"])
        #expect(ClassRoom.parse(Array("\n# nobody\n".utf8)).problems.count == 1)
        #expect(ClassRoom.Learner.folder(for: "Ann Lee/..") == "Ann%20Lee%2F%2E%2E")
        #expect(ClassRoom.publicOrigin("https://Class.Example/") == "https://class.example")
        #expect(ClassRoom.publicOrigin("https://class.example/path") == nil)
        #expect(ClassRoom.publicOrigin("ftp://class.example") == nil)
    }
}
