import Foundation
import LessonCore
import LessonRunner
import LessonServe
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension RealProcesses {
    /// The live API with real compiles, real processes and real time: runs stream stamped lines
    /// as they are printed, compile errors land on editor lines, edits are kept apart from the
    /// lesson, `--author` saves one fence, quizzes grade check by check, pages hear of changes.
    @Suite(.serialized) struct ServeLiveTests {
        /// Every event of a run, each with when it arrived (seconds since the request was sent).
        func run(_ client: TestClient, _ id: String, code: String? = nil) async throws -> [(at: Double, event: Event)] {
            let body = try code.map { String(decoding: try JSONEncoder().encode(["code": $0]), as: UTF8.self) } ?? "{}"
            let started = Date()
            let connection = try await client.open("POST", "/api/lessons/01-fixture/snippets/\(id)/run", body: body)
            let (status, events) = await connection.readTimedStream(since: started)
            #expect(status == 200)
            return events
        }

        @Test func aRunStreamsEachStampedLineAsItIsPrintedThenItsChecks() async throws {
            let fixture = try await ServeFixture.start()
            defer { fixture.stop() }
            _ = try await run(fixture.client(), "timed")  // compile once; the measured run is warm
            let events = try await run(fixture.client(), "timed")
            let types = events.map { $0.event["type"] as? String ?? "?" }
            // The timeline (the static site's figure) comes when the program starts and after each line.
            #expect(
                types == ["started", "compiled", "timeline", "line", "timeline", "line", "timeline", "done"],
                "\(types)")
            let drawings = events.compactMap {
                $0.event["type"] as? String == "timeline" ? $0.event["html"] as? String : nil
            }
            // A mark per line seen so far, in each of the two drawings.
            #expect(drawings.map { $0.components(separatedBy: "class=\"mark ").count - 1 } == [0, 2, 4])
            #expect(drawings.allSatisfy { $0.hasPrefix("<figure class=\"timeline-figure\">") })
            let lines = events.filter { $0.event["type"] as? String == "line" }
            #expect(lines.map { $0.event["text"] as? String } == ["start", "tick"])
            let stamps = lines.compactMap { $0.event["t"] as? Double }
            // "tick" never before the snippet's 0.3 s sleep; how late is the timing check's verdict
            // (it passed, with the runner's allowance for a machine that held the run back).
            #expect(stamps.count == 2 && stamps[0] < stamps[1] && stamps[1] >= 0.3, "\(stamps)")
            let done = try #require(events.last)
            #expect(done.event["status"] as? String == "pass")
            let finished = try #require(done.event["timeline"] as? String)
            #expect(finished.components(separatedBy: "class=\"mark mark-out").count - 1 == 4, "\(finished)")
            let checks = try #require(done.event["checks"] as? [[String: Any]])
            #expect(checks.contains { $0["kind"] as? String == "timing" || $0["kind"] as? String == "output" })
            #expect(checks.allSatisfy { $0["pass"] as? Bool == true })
        }

        @Test func aLineReachesTheClientWhileTheSnippetStillRuns() async throws {
            // The snippet prints "start", then waits until the client has read that line (the
            // test makes a file once it has); only then does it print "tick" and end. If lines
            // were held back until the end of the run, the run could never end: it is proven by
            // the order of events, not by how fast the machine is.
            let fixture = try await ServeFixture.start()
            defer { fixture.stop() }
            let seen = NSTemporaryDirectory() + "lesson-live-\(UUID().uuidString)"
            defer { unlink(seen) }
            let code = """
                import Glibc
                print("start")
                fflush(nil)
                var waited = 0
                while access("\(seen)", F_OK) != 0 && waited < 60_000 {
                    usleep(1_000)
                    waited += 1
                }
                print(access("\(seen)", F_OK) == 0 ? "tick" : "never seen")
                """
            let body = String(decoding: try JSONEncoder().encode(["code": code]), as: UTF8.self)
            let connection = try await fixture.client().open(
                "POST", "/api/lessons/01-fixture/snippets/timed/run", body: body, receiveTimeout: 300)
            #expect(await connection.readHead().status == 200)
            var texts: [String] = []
            var types: [String] = []
            var last = ""
            while let event = await connection.readEvent() {
                types.append(event["type"] as? String ?? "?")
                last = "\(event.fields)"
                guard event["type"] as? String == "line", let text = event["text"] as? String else { continue }
                texts.append(text)
                if text == "start" {
                    // Nothing after "start" can have been printed before this file exists.
                    #expect(!types.contains("done"))
                    #expect(FileManager.default.createFile(atPath: seen, contents: Data()))
                }
            }
            #expect(texts == ["start", "tick"], "\(types) \(last)")
            #expect(types.last == "done")
        }

        @Test func anEditedSleepFailsTheTimingCheckAndTheLessonFileStaysAsItWas() async throws {
            let fixture = try await ServeFixture.start()
            defer { fixture.stop() }
            let client = fixture.client()
            let before = try String(contentsOfFile: fixture.lessonPath, encoding: .utf8)
            let edit = "import Glibc\nprint(\"start\")\nusleep(700_000)\nprint(\"tick\")\n"
            let stored = try await client.send(
                "PUT", "/api/lessons/01-fixture/snippets/timed", body: try Self.json(edit))
            #expect(stored.status == 200 && stored.body.contains(#""edited":true"#))
            let events = try await run(client, "timed")  // no code in the body: the stored edit runs
            let done = try #require(events.last?.event)
            #expect(done["status"] as? String == "fail")
            let checks = try #require(done["checks"] as? [[String: Any]])
            #expect(
                checks.contains { $0["pass"] as? Bool == false && ($0["message"] as? String ?? "").contains("tick") })
            // The late line is named by its place in the expected block, the file's line beside it,
            // and the check carries the expected-versus-actual rows the terminal prints.
            let timing = try #require(checks.first { $0["kind"] as? String == "timing" })
            let message = timing["message"] as? String ?? ""
            #expect(message.hasPrefix(#"expected line 2 (01-fixture.md:17) "tick" appeared at 0.7"#), "\(message)")
            #expect(!message.contains("line 17 "), "\(message)")
            #expect(timing["place"] as? String == "the expected output (01-fixture.md:15)")
            let diff = try #require(timing["diff"] as? [[String: Any]])
            #expect(diff.map { $0["kind"] as? String } == ["same", "late"], "\(diff)")
            #expect(diff.last?["expected"] as? String == "[0.3s] tick" && diff.last?["actual"] as? String == "tick")
            // A reload keeps the edit; the lesson file never changed.
            let state = try await client.send("GET", "/api/lessons/01-fixture/snippets/timed")
            #expect(state.body.contains(#""edited":true"#) && state.body.contains("700_000"))
            #expect(try String(contentsOfFile: fixture.lessonPath, encoding: .utf8) == before)
            let reset = try await client.send("DELETE", "/api/lessons/01-fixture/snippets/timed")
            #expect(reset.status == 200 && reset.body.contains(#""edited":false"#) && !reset.body.contains("700_000"))
            #expect(try await run(client, "timed").last?.event["status"] as? String == "pass")
        }

        @Test func compileErrorsPointAtEditorLines() async throws {
            let fixture = try await ServeFixture.start()
            defer { fixture.stop() }
            let events = try await run(fixture.client(), "broken")
            let done = try #require(events.last?.event)
            #expect(done["status"] as? String == "fail")
            let diagnostics = try #require(done["diagnostics"] as? [[String: Any]])
            let error = try #require(diagnostics.first { $0["severity"] as? String == "error" })
            #expect(error["line"] as? Int == 2, "\(diagnostics)")
            #expect((error["message"] as? String ?? "").contains("String"))
            // Named by the editor's line, the file's line said as the file's; the compile check too.
            let place = error["place"] as? String ?? ""
            #expect(place.hasPrefix("line 2:") && place.hasSuffix(" (01-fixture.md:31)"), "\(place)")
            let compile = try #require(
                (done["checks"] as? [[String: Any]])?.first { $0["kind"] as? String == "compile" })
            let said = compile["message"] as? String ?? ""
            #expect(said.hasPrefix("did not compile (1 error): \(place): "), "\(said)")
            #expect(!said.contains("01-fixture.md:31:"), "\(said)")
            // The sleeper sits in a list item: its columns count from the editor's edge.
            let indented = try await run(fixture.client(), "sleeper", code: "let x: Int = \"no\"\n")
            let moved = try #require((indented.last?.event["diagnostics"] as? [[String: Any]])?.first)
            #expect(moved["line"] as? Int == 1 && moved["column"] as? Int == 14, "\(moved)")
        }

        @Test func authorsSaveOneFenceByteForByte() async throws {
            let fixture = try await ServeFixture.start(author: true)
            defer { fixture.stop() }
            let client = fixture.client()
            let before = try String(contentsOfFile: fixture.lessonPath, encoding: .utf8)
            let code = "import Glibc\nprint(\"pid \\(getpid())\")\nprint(\"woke\")\n"
            let saved = try await client.send(
                "POST", "/api/lessons/01-fixture/snippets/sleeper/save", body: try Self.json(code))
            #expect(saved.status == 200, "\(saved.body)")
            let after = try String(contentsOfFile: fixture.lessonPath, encoding: .utf8)
            #expect(after == before.replacingOccurrences(of: "  sleep(60)\n", with: ""))
            let closing = try await client.send(
                "POST", "/api/lessons/01-fixture/snippets/sleeper/save", body: try Self.json("print(1)\n```\n"))
            #expect(closing.status == 409)
            #expect(try String(contentsOfFile: fixture.lessonPath, encoding: .utf8) == after)
            // Without --author there is no such endpoint.
            let plain = try await ServeFixture.start()
            defer { plain.stop() }
            #expect(
                try await plain.client().send("POST", "/api/lessons/01-fixture/snippets/timed/save", body: "{}").status
                    == 404)
        }

        @Test func openPagesHearWhenTheirLessonChangesByPolling() async throws {
            let fixture = try await ServeFixture.start()
            defer { fixture.stop() }
            let client = fixture.client()
            let first = try await client.send("GET", "/api/changes")
            #expect(first.status == 200 && first.body.contains(#""pages":[]"#), "\(first.body)")
            let version = try #require(Self.version(first.body))
            let text = try String(contentsOfFile: fixture.lessonPath, encoding: .utf8)
            try (text + "\nMore prose.\n").write(toFile: fixture.lessonPath, atomically: true, encoding: .utf8)
            var heard = ""
            // Polled until heard (the bound only ends a run that would never hear it).
            for _ in 0..<2400 {
                heard = try await client.send("GET", "/api/changes?since=\(version)").body
                if Self.version(heard) != version { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(heard.contains(#""pages":["01-fixture.html"]"#), "\(heard)")
            let newer = try #require(Self.version(heard))
            #expect(newer == version + 1)
            // Heard once: the next poll from the new version hears nothing.
            #expect(try await client.send("GET", "/api/changes?since=\(newer)").body.contains(#""pages":[]"#))
            let page = try await client.send("GET", "/01-fixture.html")
            #expect(page.body.contains("More prose."))
        }

        static func version(_ body: String) -> Int? {
            let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
            return object?["version"] as? Int
        }

        @Test func aQuizIsGradedCheckByCheckWithHintsOneAtATime() async throws {
            let fixture = try await ServeFixture.start()
            defer { fixture.stop() }
            let source = FileManager.default.currentDirectoryPath + "/Quizzes/01-run-many"
            try FileManager.default.copyItem(atPath: source, toPath: fixture.root + "/Quizzes/01-run-many")
            let client = fixture.client()
            let state = try await client.send("GET", "/api/quizzes/01-run-many")
            #expect(state.status == 200 && state.body.contains(#""hints":3"#))
            let hint = try await client.send("GET", "/api/quizzes/01-run-many/hints/2")
            #expect(hint.body.contains("index of its URL") && !hint.body.contains("finish, not the order"))
            #expect(try await client.send("GET", "/api/quizzes/01-run-many/hints/4").status == 404)
            let solution = try String(contentsOfFile: source + "/Solution.swift", encoding: .utf8)
            #expect(
                try await client.send("PUT", "/api/quizzes/01-run-many/answer", body: try Self.json(solution)).status
                    == 200
            )
            let answer = fixture.root + "/.lesson/answers/01-run-many/Answer.swift"
            #expect(try String(contentsOfFile: answer, encoding: .utf8) == solution)
            let connection = try await client.open("POST", "/api/quizzes/01-run-many/grade", body: "{}")
            #expect(await connection.readHead().status == 200)
            var checks: [Event] = []
            var done: Event?
            while let event = await connection.readEvent() {
                if event["type"] as? String == "check" { checks.append(event) }
                if event["type"] as? String == "done" { done = event }
            }
            #expect(!checks.isEmpty && checks.allSatisfy { $0["status"] as? String == "pass" })
            #expect(done?["status"] as? String == "pass")
            #expect(done?["total"] as? Int == checks.count)
            #expect(FileManager.default.fileExists(atPath: fixture.root + "/.lesson/grades/01-run-many.json"))
        }

        @Test func aFailedGradeSaysWhatLessonGradeSaysAndHintsAreTheTerminals() async throws {
            let fixture = try await ServeFixture.start()
            defer { fixture.stop() }
            let source = FileManager.default.currentDirectoryPath + "/Quizzes/01-run-many"
            try FileManager.default.copyItem(atPath: source, toPath: fixture.root + "/Quizzes/01-run-many")
            let client = fixture.client()
            // Two hints revealed in the terminal, as `lesson quiz 01 --hint` twice keeps them.
            let catalog = GraderCatalog(
                workspace: Workspace(root: fixture.root, stateDirectory: fixture.root + "/.lesson"))
            let quiz = try catalog.load(fixture.root + "/Quizzes/01-run-many")
            let progress = HintProgress(stateDirectory: fixture.root + "/.lesson")
            try progress.revealNext(quiz)
            try progress.revealNext(quiz)
            let state = try await client.send("GET", "/api/quizzes/01-run-many")
            #expect(state.body.contains(#""hintsSeen":2"#), "\(state.body)")
            #expect(try await client.send("GET", "/api/quizzes/01-run-many/hints/3").status == 200)
            #expect(progress.revealed(quiz) == 3)
            // An earlier hint seen again does not move the progress back.
            #expect(try await client.send("GET", "/api/quizzes/01-run-many/hints/1").status == 200)
            #expect(progress.revealed(quiz) == 3)

            // The starter (it fetches one page at a time) fails: each failed check comes with
            // its message, hint and lesson section (a page link), and the seed with its replay.
            let connection = try await client.open("POST", "/api/quizzes/01-run-many/grade", body: "{}")
            #expect(await connection.readHead().status == 200)
            var done: Event?
            while let event = await connection.readEvent() {
                if event["type"] as? String == "done" { done = event }
            }
            let graded = try #require(done)
            #expect(graded["status"] as? String == "fail", "\(graded)")
            let results = try #require(graded["results"] as? [[String: Any]])
            #expect(results.count == graded["total"] as? Int)
            let failed = results.filter { $0["status"] as? String != "pass" }
            #expect(!failed.isEmpty)
            for check in failed {
                #expect(!(check["message"] as? String ?? "").isEmpty, "\(check)")
                #expect(!(check["hint"] as? String ?? "").isEmpty, "\(check)")
                let link = check["link"] as? String ?? ""
                let lesson = check["lesson"] as? String ?? ""
                #expect(
                    link.range(of: #"^\d\d-[a-z0-9-]+\.html#[a-z0-9-]+$"#, options: .regularExpression) != nil,
                    "\(link)")
                #expect(lesson == "Lessons/" + link.replacingOccurrences(of: ".html#", with: ".md#"), "\(lesson)")
            }
            // The seed as digits: a JavaScript number would round a 64-bit one.
            let seed = try #require(graded["seed"] as? String)
            #expect(UInt64(seed) != nil, "\(seed)")
            #expect(graded["replay"] as? String == "lesson grade 01 --seed \(seed)")
        }

        static func json(_ code: String) throws -> String {
            String(decoding: try JSONEncoder().encode(["code": code]), as: UTF8.self)
        }
    }
}
